package jnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The training of the third AOT cache, {@code jnc-serve.aot}: the services a listener runs, which
 * the plain cache must not hold (every class in a cache loads at every start, and a plain run loads
 * none of theirs): the HTTP proxy server (a CONNECT and a GET), {@code --chat}, {@code --broker},
 * {@code -e} and {@code -c}. The launcher picks this cache when a run names one of them. Each
 * listener runs through {@link Main#run} itself, in a thread of its own, on a 127.0.0.1 port the
 * kernel gave a moment before; the clients are plain sockets. Every wait is bounded, and a service
 * that fails to train (its port taken in between, say) only leaves its classes out of the cache.
 */
final class ServeTraining {
    private static final InetAddress LOOPBACK = java.net.Inet4Address.ofLiteral("127.0.0.1"); // not getLoopbackAddress: FastStart may prefer ::1
    static final int WAIT_MILLIS = 5_000;

    private ServeTraining() {
    }

    static void train() throws IOException {
        try (ServerSocket target = new ServerSocket(0, 50, LOOPBACK)) {
            Thread.ofPlatform().daemon().start(new HttpTarget(target));
            int proxy = listener("-l", "--proxy-type", "http");
            exchange(proxy, "CONNECT 127.0.0.1:" + target.getLocalPort() + " HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n", true);
            exchange(proxy, "GET http://127.0.0.1:" + target.getLocalPort() + "/ HTTP/1.0\r\nHost: x\r\n\r\n", true);
            exchange(proxy, "GET http://127.0.0.1:" + freePort() + "/ HTTP/1.0\r\n\r\n", true); // nothing listens there: 504
        }
        room(listener("--chat"));
        room(listener("--broker"));
        exchange(listener("-l", "-e", "/bin/cat"), "hi\n", true);
        exchange(listener("-l", "-c", "cat"), "hi\n", true);
    }

    /** Starts {@code jnc ARGS 127.0.0.1 PORT} in a daemon thread and returns the port once it accepts. */
    private static int listener(String... args) throws IOException {
        int port = freePort();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "127.0.0.1";
        all[args.length + 1] = String.valueOf(port);
        Thread.ofPlatform().daemon().start(new RunMain(all));
        awaitListening(port); // if not, not trained: the exchanges below fail quietly
        return port;
    }

    /** Whether something listens on {@code port} within {@link #WAIT_MILLIS}. */
    static boolean awaitListening(int port) {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (System.nanoTime() < end) {
            if (listens(port)) return true;
            sleep(5);
        }
        return false;
    }

    /** A port the kernel gave and took back: nothing listens there now. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    /**
     * Whether the listener's port is in the kernel's LISTEN state, read from /proc/net/tcp: neither a
     * probe connection (a one-shot listener takes its first client) nor a probe bind (which could take
     * the port from under the listener) is made.
     */
    private static boolean listens(int port) {
        String hex = ":" + Integer.toHexString(0x10000 | port).substring(1).toUpperCase(java.util.Locale.ROOT) + " ";
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/tcp"))) {
                String[] cols = line.trim().split(" +");
                if (cols.length > 3 && (cols[1] + " ").endsWith(hex) && cols[3].equals("0A")) return true;
            }
            return false;
        } catch (IOException noProc) {
            return true; // not Linux: go ahead, the exchanges are bounded
        }
    }

    /** One client: sends {@code request}, half-closes if asked, reads until the far end closes. */
    private static void exchange(int port, String request, boolean halfClose) {
        try (Socket s = new Socket(LOOPBACK, port)) {
            s.setSoTimeout(WAIT_MILLIS);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            if (halfClose) s.shutdownOutput();
            s.getInputStream().readAllBytes();
        } catch (IOException notTrained) {
            // this service's classes stay out of the cache
        }
    }

    /** Two clients of a chat or broker: each says a line and reads the other's. */
    private static void room(int port) {
        try (Socket a = new Socket(LOOPBACK, port); Socket b = new Socket(LOOPBACK, port)) {
            a.setSoTimeout(WAIT_MILLIS);
            b.setSoTimeout(WAIT_MILLIS);
            sleep(50); // both admitted before they speak
            a.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            readSome(b.getInputStream());
            b.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            readSome(a.getInputStream());
        } catch (IOException notTrained) {
            // this service's classes stay out of the cache
        }
    }

    private static void readSome(InputStream in) throws IOException {
        in.read(new byte[512]);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener as {@code jnc ARGS} runs it; a -k one never returns (the training halts). */
    private record RunMain(String[] args) implements Runnable {
        @Override
        public void run() {
            Main.run(args);
        }
    }

    /** The proxy's upstream: answers every request head with a short 200 and closes. */
    private record HttpTarget(ServerSocket server) implements Runnable {
        @Override
        public void run() {
            while (true) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(WAIT_MILLIS);
                    InputStream in = s.getInputStream();
                    byte[] head = new byte[4096];
                    int n = 0;
                    while (n < head.length) { // to the blank line that ends the head
                        int r = in.read(head, n, head.length - n);
                        if (r < 0) break;
                        n += r;
                        if (new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) break;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    if (server.isClosed()) return;
                }
            }
        }
    }
}
