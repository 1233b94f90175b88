package jnc.transfer;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.cli.Options;
import jnc.cli.TransferOptions;
import jnc.door.Door;
import jnc.door.Serve;
import jnc.io.Layer;
import jnc.io.NetEnd;
import jnc.io.Service;
import jnc.io.Stdio;
import jnc.net.StreamListener;
import jnc.net.TcpConnector;
import jnc.tls.TlsClient;
import jnc.tls.TlsServer;

/**
 * {@code --send} and {@code --receive}: the course's {@code tar | gzip | nc} pipe built in, either side
 * connecting or listening (through the same door as every listen mode). A listening sender with
 * {@code -k} serves every client that comes.
 */
public final class Transfer {
    private Transfer() {
    }

    public static ExitCode run(Options o, TransferOptions t) {
        // A missing path is a usage error before any connection; the plan made for that check serves a
        // connecting sender, which connects at once. A listening one walks the paths again for each client.
        Plan plan = t.sending() ? Plan.of(t.send()) : null;
        SafeTree tree = t.sending() ? null : tree(t);
        if (o.mode() instanceof jnc.cli.Mode.Listen listen) {
            Service service = peer -> serve(peer, t, tree, null);
            Door door = Door.of(listen.door(), o.target().noDns());
            Layer tls = o.tls() != null ? TlsServer.create(o) : null;
            if (tls != null && o.tls().code() != null) tls = jnc.code.CodeLayer.listener(tls, o.tls().code(), TlsClient.handshakeTimeout(o));
            StreamListener listener = StreamListener.open(o);
            if (!listen.keepOpen()) return Serve.one(listener, door, tls, service, true);
            // A teacher hands a folder to a class: each client gets the whole transfer on its own thread.
            Serve.each(listener, door, tls, peer -> {
                try {
                    return service.serve(peer);
                } catch (Failure f) {
                    Diag.error(f.getMessage());
                    return f.exitCode;
                }
            });
            return ExitCode.SUCCESS;
        }
        TlsClient tls = o.tls() != null ? TlsClient.prepare(o) : null;
        SocketChannel ch = o.proxy() != null ? jnc.net.proxy.ProxyConnector.connect(o) : TcpConnector.connect(o);
        NetEnd net = tls == null ? NetEnd.of(ch) : tls.over(ch);
        if (tls != null && o.tls().code() != null) net = jnc.code.CodeLayer.client(net, o.tls().code(), TlsClient.handshakeTimeout(o));
        try {
            return serve(net, t, tree, plan);
        } finally {
            try {
                net.close();
            } catch (IOException ignored) {
                // closing after the transfer
            }
        }
    }

    private static SafeTree tree(TransferOptions t) {
        if (java.nio.file.Files.exists(t.receive()) && !java.nio.file.Files.isDirectory(t.receive())) {
            throw Failure.usage("--receive " + Names.printable(t.receive().toString()) + ": not a directory.");
        }
        try {
            return new SafeTree(t.receive());
        } catch (IOException e) {
            throw Failure.usage("--receive " + Names.printable(t.receive().toString()) + ": " + IoErrors.describe(e));
        }
    }

    /** One transfer over one connection; the outcome is one line (with -v, or always when it failed). */
    private static ExitCode serve(NetEnd net, TransferOptions t, SafeTree tree, Plan plan) {
        boolean terminal = Stdio.isTerminal(2);
        try (Progress progress = new Progress(t.sending() ? "sent" : "received", terminal, Diag.verbose())) {
            String summary = t.sending() ? new Sender(t, progress).send(net, plan != null ? plan : Plan.of(t.send())) : new Receiver(tree, t.force(), progress).receive(net);
            progress.close();
            Diag.verbose(summary);
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            throw Failure.network(describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof TransferException || e instanceof jnc.transfer.tar.TarFormatException) return e.getMessage();
        if (e instanceof java.util.zip.ZipException) return "the stream is corrupt (" + e.getMessage() + ")";
        if (e instanceof java.io.EOFException) return "the transfer was cut: " + e.getMessage() + "; nothing unverified was renamed into place";
        return IoErrors.describe(e);
    }
}
