package jnc;

import jnc.base.Diag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

import jnc.cli.ArgParser;
import jnc.cli.Options;
import jnc.net.Services;
import jnc.net.TcpConnector;
import jnc.net.StreamListener;
import jnc.io.Counters;
import jnc.io.LocalEnd;
import jnc.io.NetEnd;
import jnc.session.Relay;
import jnc.io.Stdio;
import jnc.io.Tap;

/**
 * The training run for the JDK's AOT cache (built by {@code mvn package}): one real loopback session
 * through the same classes a user's {@code jnc HOST PORT} loads, so they start already loaded and
 * linked. It touches no address but 127.0.0.1 and prints nothing.
 *
 * <p>Only the relay is trained, connect and listen. Every class in the cache is loaded at every
 * start (JEP 483), whether the run needs it or not: training port scans (their FFM binding,
 * ~400 classes) made {@code echo hi | jnc HOST PORT} 5-13 ms slower and {@code jnc -z} about as
 * much faster. The relay is what scripts call in loops, so it wins (BENCHMARKS.md, "Start-up").
 *
 * <p>{@code Training tls} trains a second cache, {@code jnc-tls.aot}, on the same sessions over
 * TLS (a listener with a temporary key, a client without verification). The launcher picks it
 * for runs with an {@code --ssl} option: JSSE's ~1,000 classes would slow every plain run down,
 * and without them a TLS run spends most of its time loading them. {@code Training serve} and
 * {@code Training transfer} train two more, on the plain sessions and on the services a listener
 * runs ({@link ServeTraining}) or on {@code --send}/{@code --receive} ({@link TransferTraining}).
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        FastStart.apply(); // as Main does first
        jnc.base.LastResort.install(); // as Main does: its class then comes from the cache
        // --version, with its output thrown away. Not --help: its text is built once per run
        // a person reads, and every class trained here is loaded at every start.
        java.io.PrintStream realOut = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Main.run(new String[] {"--version"});
        System.setOut(realOut);
        Services.name(22, "tcp");
        Stdio.get().sourceFile();
        new Counters().summary();

        if (args.length > 0 && args[0].equals("tls")) {
            // The handshakes jnc does: TLS 1.3 and 1.2 (a TLS 1.2 suite list leaves 1.3 out), with
            // the temporary EC key a listener makes by default and with an RSA key, as most
            // servers have. The first moves bulk data, for the profiles of the record path.
            String[] tls12Ec = {"--ssl-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"};
            String[] tls12Rsa = {"--ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"};
            session(true, new String[] {"--ssl"}, new String[] {"--ssl"}, BULK);
            session(true, new String[] {"--ssl"}, tls12Ec, 0);
            session(true, new String[] {"--ssl-temp-key", "rsa"}, new String[] {"--ssl"}, 0);
            session(true, new String[] {"--ssl-temp-key", "rsa"}, tls12Rsa, 0);
            new Main.PeerSession(null, Tap.NONE, null); // made by Main's listen before it accepts: a TLS listener loaded it from the jar
            afterThePeersEof(); // as in the plain cache: a TLS listener whose client closed first loaded the quiet watch from the jar
            everyModeAndLocalSide(); // Main asks a TLS run's mode as it asks a plain one's
        } else {
            session(false, new String[0], new String[0], 0);
            new jnc.io.CrlfEncoder(); // -C, as scripts speak HTTP and SMTP by hand: made by the sender only when asked for
            listenPath();
            afterThePeersEof();
            aRefusedConnect();
            if (args.length > 0 && args[0].equals("serve")) ServeTraining.train();
            if (args.length > 0 && args[0].equals("transfer")) TransferTraining.train();
        }
        jnc.net.UnixSockets.removeOurs(); // what Main does at the end of every run
        Runtime.getRuntime().halt(0); // as Main ends
    }

    /**
     * One session over loopback: a listener with {@code serverArgs} and a client with
     * {@code clientArgs}, each sending {@code bulk} bytes (0: a line of text) to the other.
     */
    private static void session(boolean tls, String[] serverArgs, String[] clientArgs, long bulk) throws Exception {
        Options server = run(ArgParser.parse(concat(new String[] {"-l"}, serverArgs, new String[] {"127.0.0.1", "0"})));
        // The TLS ends are made by a class of their own: had this method a variable of a jnc.tls
        // type, verifying it would load that class into the plain cache too.
        Ends ends = tls ? new OverTls(server) : new Plain();
        try (StreamListener listener = StreamListener.open(server)) {
            // The client as `echo hi | jnc 127.0.0.1 PORT` runs it: no -v, no -w.
            String port = String.valueOf(listener.port());
            Options client = run(ArgParser.parse(concat(clientArgs, new String[] {"127.0.0.1", port})));
            jnc.io.Taps.open(client.logs()).close();
            jnc.term.Terminals.wanted(client); // not a terminal here: the question alone, as every session asks it
            Diag.setVerbosity(0);
            jnc.door.Door door = jnc.door.Door.of(((jnc.cli.Mode.Listen) server.mode()).door(), server.target().noDns()); // as Main's listen does, before accepting
            // Through Serve, as Main's listen hands its one peer over (not the jar's classes then: a
            // plain listen would open the jar before taking its port).
            Served served = new Served(server, listener, ends, bulk);
            Thread serverSide = Thread.ofPlatform().start(() -> jnc.door.Serve.one(listener, door, null, served, true));
            new Relay(client.session(), bulk > 0 ? new BulkEnd(bulk) : new PipeEnd("hello\n"), ends.connected(client), Tap.NONE, new Counters()).run();
            serverSide.join(10_000);
        }
    }

    /**
     * What Main's listen does before it takes its port, in the modes Ncat's test suite starts at once
     * with their clients: a listener must be bound before anything loads from the jar (opening it
     * costs milliseconds, tens of them under load). The proxy options' parse, the IPv6 check of a
     * listener without an address (asked here with -6 on ::1, which stays on loopback), and the
     * service record of a plain listen. Only classes of jnc.cli, jnc.net and Main: nothing optional.
     */
    private static void listenPath() throws jnc.cli.UsageException {
        // Not the proxy options' parse: it reads the environment (NCAT_PROXY_AUTH), whose classes would
        // then load at every plain start; a run with --proxy-type has the serve cache, trained on it.
        try {
            StreamListener.bind(run(ArgParser.parse(new String[] {"-l", "-6", "::1", "0"}))).close();
        } catch (jnc.base.Failure noIpv6) {
            // a machine without IPv6: the check ran all the same
        }
        new Main.PeerSession(null, Tap.NONE, null);
        everyModeAndLocalSide();
    }

    /**
     * What a session may do at its end that the trained one did not: when the peer closes while
     * stdin is still open, the relay starts its quiet watch, whose class would otherwise open the jar
     * (about 7 ms); closing stdout (Stdio's sink, a FileOutputStream's channel) loads the JDK's
     * closer class, from the modules file otherwise. Loading them is enough to put them in the cache.
     */
    private static void afterThePeersEof() throws Exception {
        Class.forName("jnc.session.Relay$QuietWatch");
        new java.io.FileOutputStream("/dev/null").getChannel().close();
    }

    /**
     * A connection this machine refused, as a client started together with its listener meets one
     * ({@code jnc -l P & jnc 127.0.0.1 P}, COMPAT.md): the retry and the error's words would otherwise
     * open the jar (about 7 ms) in the middle of the race the retry is there to win. A zero window:
     * no pause.
     */
    private static void aRefusedConnect() {
        java.io.IOException refused = new java.net.ConnectException("Connection refused");
        new jnc.net.LoopbackRetry(java.time.Duration.ZERO).again(refused, java.net.InetAddress.getLoopbackAddress());
        jnc.base.IoErrors.describe(refused);
    }

    /**
     * One parse of each mode and local side: Main tells them apart by instanceof, which loads each
     * class it asks about, and one that is not in the cache opens the jar (7 ms) in a plain run.
     */
    private static void everyModeAndLocalSide() throws jnc.cli.UsageException {
        String[][] lines = {{"--raw"}, {"--ping", "127.0.0.1"}, {"-z", "127.0.0.1", "1"}, {"--load", "1", "127.0.0.1", "1"},
            {"-l", "-e", "cat", "1"}, {"-l", "--echo", "1"}, {"-l", "--chat", "1"}, {"-l", "1", "--forward", "127.0.0.1:1"},
            {"-w", "1", "-q", "0", "127.0.0.1", "1"}}; // scripts' usual timeouts: their parser's class opened the jar
        for (String[] line : lines) run(ArgParser.parse(line));
        // Two sides by name only: the proxy server's parse reads the environment, and --send's makes
        // its TransferOptions; their classes would then load at every start (a plain run must not
        // load the transfer's, TransferE2ETest), and their own runs need more than these anyway.
        jnc.cli.LocalSide.ProxyServer.class.getName();
        jnc.cli.LocalSide.Files.class.getName();
    }

    /** The server side of a trained session, as Main's services serve a peer. */
    private static final class Served implements jnc.io.Service {
        private final Options server;
        private final StreamListener listener;
        private final Ends ends;
        private final long bulk;

        Served(Options server, StreamListener listener, Ends ends, long bulk) {
            this.server = server;
            this.listener = listener;
            this.ends = ends;
            this.bulk = bulk;
        }

        @Override
        public jnc.base.ExitCode serve(NetEnd accepted) {
            try {
                listener.connectionLine(accepted.remoteAddress(), jnc.net.Say.RECEIVED); // the -v line, built before the verbosity is asked
                NetEnd end = ends.accepted(accepted.socket());
                return new Relay(server.session(), bulk > 0 ? new BulkEnd(bulk) : new PipeEnd("welcome\n"), end, Tap.NONE, new Counters()).run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String[] concat(String[]... parts) {
        int n = 0;
        for (String[] p : parts) n += p.length;
        String[] all = new String[n];
        int i = 0;
        for (String[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    /**
     * What each side of a TLS session sends: enough records that the cache's method profiles
     * (JEP 515) cover the bulk path, so a TLS run's JIT compiles JSSE's AES-GCM at once instead of
     * first profiling it in the interpreter while the transfer crawls (BENCHMARKS.md, "TLS").
     */
    private static final long BULK = 64L << 20;

    /** How the trained sessions get their network ends. */
    private interface Ends {
        NetEnd accepted(SocketChannel client) throws IOException;

        NetEnd connected(Options client);
    }

    private static final class Plain implements Ends {
        @Override
        public NetEnd accepted(SocketChannel client) {
            return NetEnd.of(client);
        }

        @Override
        public NetEnd connected(Options client) {
            return NetEnd.of(TcpConnector.connect(client));
        }
    }

    /** As {@code jnc -l --ssl} (a temporary key) and {@code jnc --ssl HOST PORT} make them. */
    private static final class OverTls implements Ends {
        private final jnc.tls.TlsServer server;

        OverTls(Options serverOptions) {
            server = jnc.tls.TlsServer.create(serverOptions);
        }

        @Override
        public NetEnd accepted(SocketChannel client) {
            return server.accept(client);
        }

        @Override
        public NetEnd connected(Options client) {
            return jnc.tls.TlsClient.prepare(client).over(TcpConnector.connect(client));
        }
    }

    private static Options run(ArgParser.Command c) {
        return ((ArgParser.Run) c).options();
    }

    /** A local end that sends {@code size} zero bytes and swallows what comes back. */
    private static final class BulkEnd implements LocalEnd {
        private final WritableByteChannel sink;
        private long left;

        BulkEnd(long size) throws IOException {
            left = size;
            sink = FileChannel.open(java.nio.file.Path.of("/dev/null"), java.nio.file.StandardOpenOption.WRITE);
        }

        @Override
        public ReadableByteChannel source() {
            return new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) {
                    if (left <= 0) return -1;
                    int n = (int) Math.min(left, dst.remaining());
                    dst.position(dst.position() + n); // zeros enough: the buffer is fresh or holds what was sent before
                    left -= n;
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
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
