package jnc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

import jnc.cli.ArgParser;
import jnc.cli.Options;
import jnc.net.Services;
import jnc.net.TcpConnector;
import jnc.net.TcpListener;
import jnc.relay.Counters;
import jnc.relay.LocalEnd;
import jnc.relay.NetEnd;
import jnc.relay.Relay;
import jnc.relay.Stdio;
import jnc.relay.Tap;

/**
 * The training run for the JDK's AOT cache (built by {@code mvn package}): one real loopback session
 * through the same classes a user's {@code jnc HOST PORT} loads, so they start already loaded and
 * linked. It touches no address but 127.0.0.1 and prints nothing.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        // The information commands, with their output thrown away.
        java.io.PrintStream realOut = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Main.run(new String[] {"--version"});
        Main.run(new String[] {"--help"});
        System.setOut(realOut);
        Services.name(22, "tcp");
        Stdio.get().sourceFile();
        new Counters().summary();

        Options server = run(ArgParser.parse("-l", "127.0.0.1", "0"));
        try (TcpListener listener = TcpListener.open(server)) {
            // The client as `echo hi | jnc 127.0.0.1 PORT` runs it: no -v, no -w.
            Options client = run(ArgParser.parse("127.0.0.1", String.valueOf(listener.port())));
            jnc.relay.Taps.open(client).close();
            Diag.setVerbosity(0);
            Thread serverSide = Thread.ofPlatform().start(() -> {
                try {
                    SocketChannel accepted = listener.accept();
                    new Relay(server, new PipeEnd("welcome\n"), NetEnd.of(accepted), Tap.NONE, new Counters()).run();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            SocketChannel ch = TcpConnector.connect(client);
            new Relay(client, new PipeEnd("hello\n"), NetEnd.of(ch), Tap.NONE, new Counters()).run();
            serverSide.join(10_000);
            scans(listener.port());
        }
        System.exit(0);
    }

    /**
     * {@code jnc -z}, TCP and UDP, over ports this run holds: the listener's (open) and sockets
     * bound but not listening or connected elsewhere (closed: the kernel refuses for them).
     */
    private static void scans(int open) throws IOException {
        try (SocketChannel refusing = SocketChannel.open();
             DatagramChannel udpOpen = DatagramChannel.open();
             DatagramChannel udpClosed = DatagramChannel.open()) {
            InetAddress lo = InetAddress.ofLiteral("127.0.0.1");
            refusing.bind(new InetSocketAddress(lo, 0)); // bound, never listening or connected: connects to it are refused
            int closed = ((InetSocketAddress) refusing.getLocalAddress()).getPort();
            Main.run(new String[] {"-z", "127.0.0.1", open + "," + closed});
            // Big scans use Linux's own calls (FFM), whose binding is the costly part of their start.
            System.setProperty("jnc.scan.engine", "native");
            Main.run(new String[] {"-z", "127.0.0.1", open + "," + closed});
            System.clearProperty("jnc.scan.engine");
            udpOpen.bind(new InetSocketAddress(lo, 0));
            udpClosed.bind(new InetSocketAddress(lo, 0));
            udpClosed.connect(new InetSocketAddress(lo, 9)); // takes datagrams from port 9 only: others get ICMP
            int u1 = ((InetSocketAddress) udpOpen.getLocalAddress()).getPort();
            int u2 = ((InetSocketAddress) udpClosed.getLocalAddress()).getPort();
            Main.run(new String[] {"-z", "-u", "-w", "50ms", "127.0.0.1", u1 + "," + u2});
        }
    }

    private static Options run(ArgParser.Command c) {
        return ((ArgParser.Run) c).options();
    }

    /** A local end that sends a fixed text and swallows what comes back. */
    private static final class PipeEnd implements LocalEnd {
        private final Pipe.SourceChannel source;
        private final WritableByteChannel sink;

        PipeEnd(String text) throws IOException {
            Pipe p = Pipe.open();
            p.sink().write(ByteBuffer.wrap(text.getBytes()));
            p.sink().close();
            source = p.source();
            sink = FileChannel.open(java.nio.file.Path.of("/dev/null"), java.nio.file.StandardOpenOption.WRITE);
        }

        @Override
        public ReadableByteChannel source() {
            return source;
        }

        @Override
        public WritableByteChannel sink() {
            return sink;
        }

        @Override
        public void closeSink() {
            try {
                sink.close();
            } catch (IOException ignored) {
                // training only
            }
        }
    }
}
