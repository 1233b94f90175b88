package jnc.api;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.cli.ArgParser;
import jnc.cli.Options;
import jnc.cli.UsageException;
import jnc.exec.ProcessEnd;
import jnc.io.Counters;
import jnc.io.NetEnd;
import jnc.io.Tap;
import jnc.io.Taps;
import jnc.net.StreamListener;
import jnc.session.Relay;

/**
 * A TCP listener made by {@link Jnc#listen}. Each {@link #relayToProcess} accepts one client and
 * relays it to a new process, as {@code jnc -l PORT -e COMMAND} does: the client's bytes are the
 * process's stdin, its stdout goes back to the client, with jnc's half-close and end-of-session
 * rules. Close the listener when done.
 */
public final class Listener implements AutoCloseable {
    private final String address;
    private final StreamListener listener;

    private Listener(String address, StreamListener listener) {
        this.address = address;
        this.listener = listener;
    }

    static Listener open(String address, int port) throws IOException {
        List<String> args = new ArrayList<>(List.of("-l"));
        if (address != null) args.add(address);
        args.add(String.valueOf(port));
        Options o = options(args);
        try {
            return new Listener(address, StreamListener.open(o));
        } catch (Failure f) {
            throw new IOException(f.getMessage());
        }
    }

    /** The port listened on: the one asked for, or the one the system chose for port 0. */
    public int port() {
        return listener.port();
    }

    /**
     * Waits for a client, runs {@code command} (the program and its arguments, no shell) and relays
     * between the two until both directions have ended.
     *
     * @return jnc's exit code for the session: 0 done, 1 a network error, 2 any other error
     * @throws IOException when accepting fails or the command cannot be started
     */
    public int relayToProcess(String... command) throws IOException {
        if (command.length == 0) throw new IllegalArgumentException("no command");
        List<String> args = new ArrayList<>(List.of("-l"));
        if (address != null) args.add(address);
        args.add(String.valueOf(port()));
        args.add("-e");
        args.add(quote(command));
        Options o = options(args);
        SocketChannel client = listener.accept();
        NetEnd net = NetEnd.of(client);
        try (Tap tap = Taps.open(o.logs())) {
            ProcessEnd child = ProcessEnd.start((jnc.cli.LocalSide.Exec) o.local(), o.target().transport(), net);
            try {
                ExitCode code = new Relay(o.session(), child, net, tap, new Counters()).run();
                return code.code;
            } finally {
                child.reap();
            }
        } catch (Failure f) {
            net.close();
            throw new IOException(f.getMessage());
        } catch (RuntimeException e) {
            net.close();
            throw new IOException(IoErrors.describe(new IOException(e.getMessage())), e);
        }
    }

    @Override
    public void close() {
        listener.close();
    }

    private static Options options(List<String> args) throws IOException {
        try {
            return ((ArgParser.Run) ArgParser.parse(args.toArray(String[]::new))).options();
        } catch (UsageException e) {
            throw new IOException(e.getMessage());
        }
    }

    /** The words as one -e command line, each in single quotes, as jnc's command splitter reads them. */
    private static String quote(String[] words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) sb.append(' ');
            // 'it'"'"'s': close the quote, a double-quoted ', open again
            sb.append('\'').append(w.replace("'", "'\"'\"'")).append('\'');
        }
        return sb.toString();
    }
}
