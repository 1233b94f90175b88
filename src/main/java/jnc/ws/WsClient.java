package jnc.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.cli.WsOptions;
import jnc.base.IoErrors;
import jnc.io.NetEnd;

/** The client's side of the layer: the opening handshake over a connected end (TCP, TLS, through a proxy). */
public final class WsClient {
    /** How long a server may take to answer the handshake when {@code -w} does not say. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private WsClient() {
    }

    /** Shakes hands on {@code end} and returns the WebSocket over it; a refusal is a {@link Failure}. */
    public static NetEnd over(NetEnd end, Options o) {
        WsOptions ws = o.ws();
        SecureRandom random = new SecureRandom();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String host = ws.hostHeader() != null ? ws.hostHeader() : hostHeader(o);
        StringBuilder req = new StringBuilder(256)
                .append("GET ").append(ws.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (!ws.protocols().isEmpty()) req.append("Sec-WebSocket-Protocol: ").append(String.join(", ", ws.protocols())).append("\r\n");
        for (String h : ws.headers()) req.append(h).append("\r\n");
        req.append("\r\n");
        ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
        HttpHead head;
        try {
            ByteBuffer out = ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) end.write(out);
            Duration wait = o.target().connectTimeout() != null ? o.target().connectTimeout() : HANDSHAKE_TIMEOUT;
            head = HttpHead.read(end, in, wait, sofar -> sofar.length() < 5 || sofar.startsWith("HTTP/"));
        } catch (HttpHead.BadHead e) {
            closeQuietly(end);
            throw Failure.network("WebSocket handshake failed: the server's answer is not HTTP (" + e.getMessage() + ").");
        } catch (IOException e) {
            closeQuietly(end);
            throw Failure.network("WebSocket handshake failed: " + IoErrors.describe(e));
        }
        String[] status = head.startLine.split(" ", 3);
        if (status.length < 2 || !status[1].equals("101")) {
            closeQuietly(end);
            throw Failure.network("WebSocket handshake refused: " + HttpHead.printable(head.startLine));
        }
        String problem = null;
        if (!head.hasToken("upgrade", "websocket")) problem = "no 'Upgrade: websocket'";
        else if (!head.hasToken("connection", "upgrade")) problem = "no 'Connection: Upgrade'";
        else if (!Handshake.accept(key).equals(head.field("sec-websocket-accept"))) problem = "a wrong Sec-WebSocket-Accept";
        else if (head.field("sec-websocket-extensions") != null) problem = "an extension we did not offer";
        String protocol = head.field("sec-websocket-protocol");
        if (problem == null && protocol != null && !ws.protocols().contains(protocol)) problem = "a subprotocol we did not offer (" + HttpHead.printable(protocol) + ")";
        if (problem != null) {
            closeQuietly(end);
            throw Failure.network("WebSocket handshake failed: the server sent " + problem + ".");
        }
        Diag.verbose("jnc: WebSocket: connected, path " + ws.path() + (protocol != null ? ", subprotocol " + protocol : "") + ".");
        WsEnd ws2 = new WsEnd(end, in, true, !ws.binary(), ws.maxMessage(), random.nextLong(), "the server");
        Pinger.start(ws2, ws.pingInterval());
        return ws2;
    }

    /** host[:port], brackets around an IPv6 address, the port left out when it is the scheme's default. */
    private static String hostHeader(Options o) {
        String h = o.target().host().indexOf(':') >= 0 ? "[" + o.target().host() + "]" : o.target().host();
        int dflt = o.tls() != null ? 443 : 80;
        return o.target().port() == dflt ? h : h + ":" + o.target().port();
    }

    static void closeQuietly(NetEnd end) {
        try {
            end.close();
        } catch (IOException ignored) {
            // nothing more to say to it
        }
    }
}
