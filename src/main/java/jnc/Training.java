package jnc;

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
 *
 * <p>Only the relay is trained, connect and listen. Every class in the cache is loaded at every
 * start (JEP 483), whether the run needs it or not: training port scans (their FFM binding,
 * ~400 classes) made {@code echo hi | jnc HOST PORT} 5-13 ms slower and {@code jnc -z} about as
 * much faster. The relay is what scripts call in loops, so it wins (BENCHMARKS.md, "Start-up").
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        FastStart.apply(); // as Main does first
        // --version, with its output thrown away. Not --help: its text is built once per run
        // a person reads, and every class trained here is loaded at every start.
        java.io.PrintStream realOut = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Main.run(new String[] {"--version"});
        System.setOut(realOut);
        Services.name(22, "tcp");
        Stdio.get().sourceFile();
        new Counters().summary();

        Options server = run(ArgParser.parse("-l", "127.0.0.1", "0"));
        try (TcpListener listener = TcpListener.open(server)) {
            // The client as `echo hi | jnc 127.0.0.1 PORT` runs it: no -v, no -w.
            Options client = run(ArgParser.parse("127.0.0.1", String.valueOf(listener.port())));
            jnc.relay.Taps.open(client).close();
            jnc.term.Terminals.wanted(client); // not a terminal here: the question alone, as every session asks it
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
        }
        jnc.net.UnixSockets.removeOurs(); // what Main does at the end of every run
        Runtime.getRuntime().halt(0); // as Main ends
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
