package jnc.ws;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.cli.WsOptions;
import jnc.base.IoErrors;
import jnc.io.Layer;
import jnc.io.NetEnd;

/**
 * The server's side of the layer: the opening handshake on an accepted end (after {@code --ssl}),
 * then a {@link WsEnd} for whatever service the options name. A client that is not a WebSocket
 * client gets an HTTP error (400 for a plain TCP client) and is closed. With {@code --web}
 * ({@link WebDoor}) a browser asking for a page gets it, and a plain TCP client joins as it is.
 */
public final class WsServer implements Layer {
    /** How long a client may take to send its handshake when {@code -i} does not say. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Per client: the frames are read through this much; a bigger message streams through it. */
    private static final int READ_BUFFER = 32 * 1024;

    private final WsOptions ws;
    private final Duration timeout;
    private final WebDoor web;
    /** Whether a client's end closes when the local side ends: a service's end does, stdin's does not. */
    private final boolean closeAtShutdown;
    private final AtomicLong seeds = new AtomicLong(System.nanoTime());

    private WsServer(Options o, WebDoor web) {
        this.ws = o.ws();
        this.timeout = o.session().idleTimeout() != null ? o.session().idleTimeout() : HANDSHAKE_TIMEOUT;
        this.web = web;
        this.closeAtShutdown = !o.usesStdio();
    }

    /** The layer for a listener on {@code port}; with {@code --web} it also serves the page (and says where at -v). */
    public static WsServer create(Options o, int port) {
        return new WsServer(o, o.ws().web() ? WebDoor.create(o, port) : null);
    }

    /** This layer over {@code under} (TLS), or alone when {@code under} is null. */
    public Layer above(Layer under) {
        return under == null ? this : end -> over(under.over(end));
    }

    /** The WebSocket over an accepted end (or, with {@code --web}, a plain client as it is); a {@link Failure} otherwise. */
    @Override
    public NetEnd over(NetEnd end) {
        ByteBuffer in = ByteBuffer.allocate(READ_BUFFER).flip();
        try {
            if (web != null && !web.looksLikeHttp(end, in)) return web.plainClient(end, in);
            HttpHead head = HttpHead.read(end, in, timeout, WsServer::couldBeRequest);
            String[] line = head.startLine.split(" ");
            if (line.length != 3 || !line[2].startsWith("HTTP/1.")) throw new HttpHead.BadHead(400, "not an HTTP request");
            if (!head.hasToken("upgrade", "websocket")) {
                if (web != null && line[0].equals("GET")) {
                    web.serve(end, line[1]);
                    throw Failure.network("WebSocket: answered GET " + HttpHead.printable(line[1]));
                }
                throw new HttpHead.BadHead(400, "an HTTP request without 'Upgrade: websocket'");
            }
            write(end, upgradeReply(head, line, ws, web == null));
            Diag.debug("WebSocket: " + HttpHead.printable(line[1]));
        } catch (HttpHead.BadHead e) {
            answerQuietly(end, e.status, reason(e.status), e.fields);
            WsClient.closeQuietly(end);
            throw Failure.network("WebSocket: " + e.getMessage() + " (HTTP " + e.status + " sent).");
        } catch (IOException e) {
            WsClient.closeQuietly(end);
            throw Failure.network("WebSocket handshake: " + IoErrors.describe(e));
        }
        WsEnd w = new WsEnd(end, in, false, !ws.binary(), ws.maxMessage(), seeds.incrementAndGet(), "the client");
        w.closeAtShutdown(closeAtShutdown);
        Pinger.start(w, ws.pingInterval());
        return w;
    }

    /**
     * The 101 answer to a WebSocket handshake ({@code line}: the request line in its three parts),
     * or the HTTP error to answer instead.
     */
    static String upgradeReply(HttpHead head, String[] line, WsOptions ws, boolean checkPath) throws HttpHead.BadHead {
        if (!line[0].equals("GET")) throw new HttpHead.BadHead(405, "a WebSocket handshake must be a GET");
        if (!"13".equals(head.field("sec-websocket-version"))) {
            throw new HttpHead.BadHead(426, "the client asked for WebSocket version " + HttpHead.printable(head.field("sec-websocket-version")),
                    "Sec-WebSocket-Version: 13\r\n");
        }
        String key = head.field("sec-websocket-key");
        if (!head.hasToken("connection", "upgrade") || !Handshake.validKey(key)) {
            throw new HttpHead.BadHead(400, "a handshake without 'Connection: Upgrade' or a valid key");
        }
        if (checkPath && ws.path() != null && !ws.path().equals(pathOf(line[1]))) {
            throw new HttpHead.BadHead(404, "the path " + HttpHead.printable(line[1]) + " is not served");
        }
        String protocol = chooseProtocol(head.field("sec-websocket-protocol"), ws);
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Handshake.accept(key) + "\r\n"
                + (protocol != null ? "Sec-WebSocket-Protocol: " + protocol + "\r\n" : "") + "\r\n";
    }

    /** Whether the bytes so far could begin an HTTP request; a plain TCP client's first line could not. */
    static boolean couldBeRequest(String sofar) {
        int sp = sofar.indexOf(' ');
        String method = sp < 0 ? sofar : sofar.substring(0, sp);
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') return false;
        }
        if (method.length() > 7) return false;
        int nl = sofar.indexOf('\n');
        if (nl < 0) return true;
        String first = sofar.substring(0, nl).strip();
        return first.endsWith(" HTTP/1.1") || first.endsWith(" HTTP/1.0");
    }

    private static String chooseProtocol(String offered, WsOptions ws) {
        if (offered == null || ws.protocols().isEmpty()) return null;
        for (String p : offered.split(",")) {
            if (ws.protocols().contains(p.trim())) return p.trim();
        }
        return null;
    }

    private static String pathOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    static String reason(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            default -> "Bad Request";
        };
    }

    private static void answer(NetEnd end, int status, String reason, String fields) throws IOException {
        String body = status + " " + reason + ": this port speaks WebSocket (RFC 6455).\n";
        write(end, "HTTP/1.1 " + status + " " + reason + "\r\n" + fields + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static void answerQuietly(NetEnd end, int status, String reason, String fields) {
        try {
            answer(end, status, reason, fields);
            end.shutdownOutput();
        } catch (IOException ignored) {
            // the client left already
        }
    }

    static void write(NetEnd end, String text) throws IOException {
        write(end, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(NetEnd end, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) end.write(b);
    }

    static boolean timedOut(IOException e) {
        return e instanceof SocketTimeoutException;
    }
}
