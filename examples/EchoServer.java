/*
 * Echo server: the course's first socket exercise ("einfacher Echo-Server", section 3.1) in Java.
 * It waits for a client, sends every byte it receives straight back, and prints what it got.
 * It serves one client at a time: others wait in the listen backlog until the first one leaves.
 *
 *   java examples/EchoServer.java                 127.0.0.1, port 61111
 *   java examples/EchoServer.java 5000            port 5000
 *   java examples/EchoServer.java ::1 5000        another address, here IPv6 loopback
 *
 * Talk to it with examples/EchoClient.java, with `jnc 127.0.0.1 61111`, or with the Python client.
 * Runs on Java 17 and later (`java examples/EchoServer.java`: the source is compiled in memory).
 * Stop the server with Ctrl-C.
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

public class EchoServer {
    public static void main(String[] args) throws IOException {
        String host = args.length >= 2 ? args[0] : "127.0.0.1";
        int port = args.length >= 1 ? Integer.parseInt(args[args.length - 1]) : 61111;

        // A TCP server socket bound to host:port. The 5 is the backlog (Python: s.listen(5)):
        // up to 5 clients can wait in the queue while we are busy with one.
        try (var server = new ServerSocket(port, 5, InetAddress.getByName(host))) {
            while (true) {
                Socket conn = server.accept(); // blocks until a client connects
                System.out.println("Connected by " + pythonAddress(conn));
                echo(conn); // only after this client is gone do we accept the next one
            }
        }
    }

    /** Sends everything the client sends back to it, until the client closes the connection. */
    static void echo(Socket conn) {
        try (conn) {
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] buffer = new byte[1024]; // Python: conn.recv(1024). Try other sizes!
            int n;
            // read() returns at most buffer.length bytes, maybe fewer: TCP is a stream of bytes, not of
            // messages. -1 means the client closed its side (Python: recv() returns b'').
            while ((n = in.read(buffer)) != -1) {
                byte[] data = Arrays.copyOf(buffer, n);
                System.out.println("Received from client " + pythonRepr(data));
                out.write(data); // write() sends all bytes, like Python's sendall()
            }
        } catch (IOException e) {
            // e.g. the client reset the connection: give up on this client, keep the server running
            System.err.println("Connection lost: " + e.getMessage());
        }
    }

    /** The client's address the way Python prints it, ('127.0.0.1', 54321), to compare outputs. */
    static String pythonAddress(Socket conn) {
        var remote = (InetSocketAddress) conn.getRemoteSocketAddress();
        String ip = remote.getAddress().getHostAddress();
        // Python shows IPv6 addresses as (host, port, flowinfo, scope_id)
        return remote.getAddress() instanceof Inet6Address v6
                ? "('%s', %d, 0, %d)".formatted(ip, remote.getPort(), v6.getScopeId())
                : "('%s', %d)".formatted(ip, remote.getPort());
    }

    /** The bytes the way Python's repr() shows them, e.g. b'hello\n' or b"it's". */
    static String pythonRepr(byte[] data) {
        String s = new String(data, StandardCharsets.ISO_8859_1); // exactly one char per byte
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\''; // Python's choice of quotes
        var sb = new StringBuilder("b").append(quote);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == quote) sb.append('\\').append(c);
                    else if (c < 0x20 || c >= 0x7f) sb.append("\\x%02x".formatted((int) c)); // not printable ASCII
                    else sb.append(c);
                }
            }
        }
        return sb.append(quote).toString();
    }
}
