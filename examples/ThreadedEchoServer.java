/*
 * Multi-threaded echo server: the course's second socket exercise ("Echo Server Multi-Threading",
 * section 3.2) in Java. Like EchoServer, but every client gets a thread of its own, so it talks to
 * many clients at the same time instead of making them wait in the backlog.
 *
 *   java examples/ThreadedEchoServer.java                 127.0.0.1, port 61111
 *   java examples/ThreadedEchoServer.java 5000            port 5000
 *   java examples/ThreadedEchoServer.java ::1 5000        another address, here IPv6 loopback
 *
 * One platform thread per client, as Python's threading.Thread: fine for a classroom of clients,
 * and a blocking read() stays as simple as in the single-client server. (From Java 21 on,
 * Thread.ofVirtual().start(...) makes the threads cheap enough for thousands of clients.)
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

public class ThreadedEchoServer {
    public static void main(String[] args) throws IOException {
        String host = args.length >= 2 ? args[0] : "127.0.0.1";
        int port = args.length >= 1 ? Integer.parseInt(args[args.length - 1]) : 61111;

        // Backlog 0 means Java's default (50), as Python's s.listen() without an argument picks its own.
        try (var server = new ServerSocket(port, 0, InetAddress.getByName(host))) {
            while (true) {
                Socket conn = server.accept();
                // Python: threading.Thread(target=echo, args=(conn, addr)).start()
                new Thread(() -> echo(conn)).start();
                // ...and straight back to accept(): the new thread looks after this client
            }
        }
    }

    /** Runs in the client's own thread: sends everything back until the client closes the connection. */
    static void echo(Socket conn) {
        System.out.println("Connected by " + pythonAddress(conn));
        try (conn) {
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] buffer = new byte[1024]; // Python: conn.recv(1024)
            int n;
            while ((n = in.read(buffer)) != -1) { // -1: the client closed its side (Python: b'')
                byte[] data = Arrays.copyOf(buffer, n);
                System.out.println("Received from client " + pythonRepr(data)); // println is thread-safe: lines never mix
                out.write(data); // like sendall()
            }
        } catch (IOException e) {
            // only this client's thread ends; the server and the other clients carry on
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
