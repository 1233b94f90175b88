package jnc.ws;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnc.base.Diag;
import jnc.cli.Options;
import jnc.net.Addresses;
import jnc.io.NetEnd;

/**
 * {@code --chat --web}: one port for everyone in the classroom. A browser asking for {@code /} gets
 * the chat page (kept in the jar, so it works without the internet), which joins the room over
 * WebSocket; a terminal client ({@code jnc}, nc, ncat) that sends no HTTP joins as a plain member.
 * A client that says nothing for {@link #SNIFF} is a terminal: browsers speak first. A second, not
 * less: a browser on a busy machine (a classroom laptop, or CI at load 20) may take several hundred
 * milliseconds between its connect and its GET, and a browser taken for a terminal loses its page;
 * a terminal that types is let in at its first byte, so only a silent one waits for its greeting.
 */
final class WebDoor {
    static final Duration SNIFF = Duration.ofSeconds(1);
    /** The page's files: name, content type. Nothing else is served. */
    private static final Map<String, String> FILES = Map.of(
            "/", "chat.html", "/index.html", "chat.html", "/chat.js", "chat.js", "/chat.css", "chat.css");
    private final Map<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private WebDoor() {
    }

    static WebDoor create(Options o, int port) {
        for (String url : urls(o.target().host(), port, o.tls() != null ? "https" : "http")) Diag.verbose("jnc: classroom chat: open " + url + " in a browser.");
        return new WebDoor();
    }

    /** The addresses to tell the class: the one listened on, or every up interface's (IPv4 first). */
    static List<String> urls(String host, int port, String scheme) {
        List<String> out = new ArrayList<>();
        if (host != null) {
            out.add(scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/");
            return out;
        }
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp()) continue;
                for (InetAddress a : nif.inetAddresses().toList()) {
                    if (a.isLinkLocalAddress()) continue;
                    String text = Addresses.text(a);
                    if (a instanceof Inet4Address) out.add(scheme + "://" + text + ":" + port + "/");
                    else v6.add(scheme + "://[" + text + "]:" + port + "/");
                }
            }
        } catch (SocketException e) {
            out.add(scheme + "://localhost:" + port + "/");
        }
        out.addAll(v6);
        return out;
    }

    /** Reads the client's first bytes (waiting {@link #SNIFF} at most) and says whether they begin "GET ". */
    boolean looksLikeHttp(NetEnd end, ByteBuffer in) throws IOException {
        while (in.remaining() < 4) {
            in.compact();
            int r;
            try {
                r = end.read(in, SNIFF);
            } catch (SocketTimeoutException e) {
                r = 0;
            } finally {
                in.flip();
            }
            if (r <= 0) break;
            if (!"GET ".startsWith(ascii(in, Math.min(4, in.remaining())))) return false;
        }
        return in.remaining() >= 4 && ascii(in, 4).equals("GET ");
    }

    private static String ascii(ByteBuffer in, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) (in.get(in.position() + i) & 0xFF));
        return sb.toString();
    }

    NetEnd plainClient(NetEnd end, ByteBuffer in) {
        return in.hasRemaining() ? new PrefixedEnd(end, in) : end;
    }

    /** Answers a GET for the page or one of its files, 404 otherwise, and ends the connection. */
    void serve(NetEnd end, String target) throws IOException {
        int q = target.indexOf('?');
        String name = FILES.get(q < 0 ? target : target.substring(0, q));
        byte[] body = name == null ? null : cache.computeIfAbsent(name, WebDoor::resource);
        String head;
        if (body == null) {
            body = "404 Not Found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            head = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n";
        } else {
            head = "HTTP/1.1 200 OK\r\nContent-Type: " + type(name) + "\r\nCache-Control: no-cache\r\n"
                    + "X-Content-Type-Options: nosniff\r\n"
                    // The page's own files only: no inline script, nothing from elsewhere.
                    + "Content-Security-Policy: default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:\r\n";
        }
        WsServer.write(end, head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
        WsServer.write(end, body);
        end.shutdownOutput();
    }

    private static String type(String name) {
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        return "text/html; charset=utf-8";
    }

    private static byte[] resource(String name) {
        try (InputStream s = WebDoor.class.getResourceAsStream("web/" + name)) {
            return s == null ? null : s.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
