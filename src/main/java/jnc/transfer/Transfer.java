package jnc.transfer;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import jnc.Diag;
import jnc.ExitCode;
import jnc.Failure;
import jnc.cli.Options;
import jnc.cli.TransferOptions;
import jnc.net.IoErrors;
import jnc.net.TcpConnector;
import jnc.net.TcpListener;
import jnc.relay.NetEnd;
import jnc.relay.Stdio;
import jnc.serve.AcceptLoop;
import jnc.serve.Gate;
import jnc.tls.TlsClient;
import jnc.tls.TlsServer;

/**
 * {@code --send} and {@code --receive}: the course's {@code tar | gzip | nc} pipe built in, either side
 * connecting or listening. A listening sender with {@code -k} serves every client that comes.
 */
public final class Transfer {
    private Transfer() {
    }

    public static ExitCode run(Options o) {
        TransferOptions t = o.transfer();
        if (t.sending()) Plan.of(t.send()); // a missing path is a usage error before any connection
        SafeTree tree = null;
        if (!t.sending()) {
            try {
                tree = new SafeTree(t.receive());
            } catch (IOException e) {
                throw Failure.usage("--receive " + Names.printable(t.receive().toString()) + ": " + IoErrors.describe(e));
            }
        }
        if (o.listen()) return listen(o, t, tree);
        TlsClient tls = o.tls() != null ? TlsClient.prepare(o) : null;
        SocketChannel ch = o.proxy() != null ? jnc.net.proxy.ProxyConnector.connect(o) : TcpConnector.connect(o);
        return serve(tls == null ? NetEnd.of(ch) : tls.over(ch), t, tree);
    }

    private static ExitCode listen(Options o, TransferOptions t, SafeTree tree) {
        Gate gate = Gate.of(o);
        TlsServer tls = o.tls() != null ? TlsServer.create(o) : null;
        TcpListener listener = TcpListener.open(o);
        if (o.keepOpen()) {
            // A teacher hands a folder to a class: each client gets the whole transfer on its own thread.
            new AcceptLoop(listener, gate, o.maxConns()).run(client -> {
                ExitCode code = serveQuietly(tls == null ? NetEnd.of(client) : tls.accept(client), t, tree, client);
                Diag.verbose("client " + client.socket().getRemoteSocketAddress() + ": " + (code == ExitCode.SUCCESS ? "done" : "failed"));
            });
            return ExitCode.SUCCESS;
        }
        SocketChannel client;
        try {
            do {
                client = listener.accept();
            } while (!gate.admit(client));
        } catch (IOException e) {
            throw Failure.network(IoErrors.describe(e));
        } finally {
            listener.close();
        }
        Diag.verbose(TcpListener.connectionLine(client));
        return serve(tls == null ? NetEnd.of(client) : tls.accept(client), t, tree);
    }

    private static ExitCode serveQuietly(NetEnd net, TransferOptions t, SafeTree tree, SocketChannel client) {
        try {
            return serve(net, t, tree);
        } catch (Failure f) {
            Diag.error(f.getMessage());
            return f.exitCode;
        }
    }

    /** One transfer over one connection; the outcome is one line (with -v, or always when it failed). */
    private static ExitCode serve(NetEnd net, TransferOptions t, SafeTree tree) {
        boolean terminal = Stdio.isTerminal(2);
        try (Progress progress = new Progress(t.sending() ? "sent" : "received", terminal, Diag.verbose())) {
            String summary = t.sending() ? new Sender(t, progress).send(net) : new Receiver(tree, t.force(), progress).receive(net);
            progress.close();
            Diag.verbose(summary);
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            throw Failure.network(describe(e));
        } finally {
            try {
                net.close();
            } catch (IOException ignored) {
                // closing after a failure
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof Refusal || e instanceof jnc.transfer.tar.TarFormatException) return e.getMessage();
        if (e instanceof java.util.zip.ZipException) return "the stream is corrupt (" + e.getMessage() + ")";
        if (e instanceof java.io.EOFException) return "the transfer was cut: " + e.getMessage() + "; nothing unverified was renamed into place";
        String m = IoErrors.describe(e);
        return m;
    }
}
