package jnc;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

import jnc.cli.ArgParser;
import jnc.cli.Docs;
import jnc.cli.Options;
import jnc.broker.Broker;
import jnc.broker.Chat;
import jnc.cli.UsageException;
import jnc.echo.EchoService;
import jnc.exec.ProcessEnd;
import jnc.measure.EchoLoad;
import jnc.net.IoErrors;
import jnc.net.TcpConnector;
import jnc.net.TcpListener;
import jnc.net.DatagramEnd;
import jnc.net.DatagramListener;
import jnc.net.Sctp;
import jnc.net.UdpConnector;
import jnc.net.UdpListener;
import jnc.net.UnixDatagrams;
import jnc.net.UnixSockets;
import jnc.cli.Transport;
import jnc.raw.RawMode;
import jnc.serve.DatagramPeers;
import jnc.relay.Counters;
import jnc.relay.LocalEnd;
import jnc.relay.NetEnd;
import jnc.relay.Relay;
import jnc.relay.Stdio;
import jnc.relay.Tap;
import jnc.relay.Taps;
import jnc.scan.PortScan;
import jnc.serve.AcceptLoop;
import jnc.serve.Gate;
import jnc.serve.StdioHub;
import jnc.term.Terminals;
import jnc.tls.TlsClient;
import jnc.tls.TlsServer;

/**
 * jnc: a relay between two ends. One end is local (stdin/stdout here), the other is the network,
 * connected ({@code jnc HOST PORT}) or accepted ({@code jnc -l PORT}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        FastStart.apply();
        int code = run(args);
        System.out.flush();
        System.err.flush();
        // halt, not exit: everything is written and closed by now, the socket files we made are
        // removed here, and Runtime.exit would first set up the JDK's logging to log itself (~6 ms).
        // Ctrl-C and SIGTERM still take the JVM's shutdown path, with its hooks.
        UnixSockets.removeOurs();
        Runtime.getRuntime().halt(code);
    }

    /** Runs jnc and returns its exit code; never throws. */
    public static int run(String[] args) {
        ArgParser.Command command;
        try {
            command = ArgParser.parse(args);
        } catch (UsageException e) {
            Diag.error(e.getMessage());
            return ExitCode.USAGE.code;
        }
        // An if chain, not a pattern switch: the switch's bootstrap costs start-up time.
        if (command instanceof ArgParser.ShowHelp) {
            System.out.print(Docs.help());
            return ExitCode.SUCCESS.code;
        }
        if (command instanceof ArgParser.ShowVersion) {
            System.out.println(Docs.versionLine());
            return ExitCode.SUCCESS.code;
        }
        return execute(((ArgParser.Run) command).options()).code;
    }

    /** Runs the mode the options name; every failure becomes one line on stderr and its exit code. */
    private static ExitCode execute(Options o) {
        Diag.setVerbosity(o.verbosity());
        try {
            // Packets, probes and round trips, not a relayed byte stream: no relay counters.
            if (o.raw() || o.ping()) return RawMode.run(o);
            if (o.zeroIo()) return PortScan.run(o);
            if (o.load() > 0) return EchoLoad.run(o);
            return relay(o);
        } catch (Failure f) {
            Diag.error(f.getMessage());
            return f.exitCode;
        } catch (RuntimeException e) {
            Diag.error("internal error: " + e);
            if (o.debug()) e.printStackTrace();
            return ExitCode.USAGE;
        }
    }

    /** The relay between the local end and the network end, connected or accepted. */
    private static ExitCode relay(Options o) {
        Counters counters = new Counters();
        if (o.verbose()) {
            // Ctrl-C and SIGTERM still print the counters, once.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> report(counters)));
        }
        try (Tap tap = Taps.open(o)) {
            ExitCode code = o.listen() ? listen(o, tap, counters) : connect(o, tap, counters);
            report(counters);
            return code;
        }
    }

    private static ExitCode connect(Options o, Tap tap, Counters counters) {
        return session(o, connectedEnd(o), tap, counters);
    }

    /** The network end of connect mode, of the kind the options name. */
    private static NetEnd connectedEnd(Options o) {
        if (o.transport() == Transport.SCTP) return Sctp.connect(o);
        if (o.unix()) return o.udp() ? UnixDatagrams.connect(o) : NetEnd.of(UnixSockets.connect(o));
        if (o.udp()) return UdpConnector.connect(o);
        // Only here, and in listen's matching branch, are the TLS classes named: a run without
        // --ssl never loads them (nor javax.net.ssl), which keeps its start-up as it was. The TLS
        // options are settled before connecting, so a bad one is a usage error, not a connection;
        // with --proxy, TLS runs through the proxy's tunnel, end to end with the server.
        if (o.tls() != null) return TlsClient.prepare(o).over(tcpConnection(o));
        return NetEnd.of(tcpConnection(o));
    }

    /** A TCP connection to the target: direct, or through {@code --proxy}. */
    private static SocketChannel tcpConnection(Options o) {
        // Fully qualified and only here: the proxy classes load when --proxy is given, never otherwise.
        return o.proxy() != null ? jnc.net.proxy.ProxyConnector.connect(o) : TcpConnector.connect(o);
    }

    /** One connected peer against the local end the options name: stdin/stdout, a command, or echo. */
    private static ExitCode session(Options o, NetEnd net, Tap tap, Counters counters) {
        if (o.echo()) return EchoService.serve(net, o.idleTimeout(), tap, counters);
        if (o.command() != null) {
            ProcessEnd child = ProcessEnd.start(o, net);
            try {
                return new Relay(o, child, net, tap, counters).run();
            } finally {
                child.reap();
            }
        }
        // A person at a terminal gets a line editor, so incoming lines do not tear up the one being typed.
        LocalEnd term = Terminals.wanted(o) ? Terminals.open() : null;
        try {
            return new Relay(o, term != null ? term : Stdio.get(), net, tap, counters).run();
        } finally {
            if (term != null) Terminals.close(term);
        }
    }

    private static ExitCode listen(Options o, Tap tap, Counters counters) {
        Gate gate = Gate.of(o); // names in --allow/--deny are resolved before we listen
        if (o.transport() == Transport.SCTP) return session(o, Sctp.acceptOne(o, gate), tap, counters);
        if (o.udp()) return o.unix() ? listenUnixDatagrams(o, gate, tap, counters) : listenUdp(o, gate, tap, counters);
        TlsServer tls = o.tls() != null ? TlsServer.create(o) : null; // a bad key is an error before we listen
        TcpListener listener = TcpListener.open(o);
        if (o.proxy() != null) {
            // -l --proxy-type http: every client is served, each tunnel on its own virtual thread, as Ncat's proxy server does.
            jnc.net.proxy.HttpProxyServer.warnIfOpen(o);
            new AcceptLoop(listener, gate, o.maxConns()).run(client -> jnc.net.proxy.HttpProxyServer.serve(client, o));
            return ExitCode.SUCCESS;
        }
        if (o.keepOpen()) {
            // The echo loop multiplexes plain sockets itself; over TLS each client gets a session.
            if (o.echo() && tls == null) return EchoService.serveAll(listener, gate, o, tap, counters);
            AcceptLoop loop = new AcceptLoop(listener, gate, o.maxConns());
            // Each client as the network end: the socket itself, or with --ssl TLS over it. A
            // function, so the lambdas below capture no jnc.tls type: linking such a lambda would
            // load TlsServer (from the jar, not the cache) into every plain `jnc -l -k`.
            Function<SocketChannel, NetEnd> accepted = tls == null ? NetEnd::of : tls::accept;
            if (o.chat()) {
                loop.run(new Chat(tap, counters)::serve);
            } else if (o.broker()) {
                loop.run(new Broker(tap, counters)::serve);
            } else if (o.usesStdio()) {
                StdioHub hub = new StdioHub(o, tap, counters);
                hub.start();
                loop.run(client -> hub.serve(accepted.apply(client)));
            } else {
                loop.run(client -> session(o, accepted.apply(client), tap, counters));
            }
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
            // Without -k, one client only. Plain jnc closes the listener at once, as Ncat does; a
            // service keeps it open while it serves, so the next clients wait in the backlog as
            // with the course's first echo server.
            if (o.usesStdio()) listener.close();
        }
        Diag.verbose(TcpListener.connectionLine(client));
        try {
            return session(o, tls == null ? NetEnd.of(client) : tls.accept(client), tap, counters);
        } finally {
            listener.close();
        }
    }

    /** {@code -u -l}: the first sender only, or with {@code -k} every sender as a peer of its own. */
    private static ExitCode listenUdp(Options o, Gate gate, Tap tap, Counters counters) {
        try (UdpListener listener = UdpListener.open(o)) {
            if (o.keepOpen()) return servePeers(DatagramListener.of(listener), o, gate, tap, counters);
            DatagramEnd first;
            try {
                first = listener.acceptFirst(sender -> gate.admits(sender, listener.localAddress()));
            } catch (IOException e) {
                throw Failure.network(IoErrors.describe(e));
            }
            return session(o, first, tap, counters);
        }
    }

    /** {@code -uU -l}: the first sender only, or with {@code -k} every sender (its socket file) as a peer of its own. */
    private static ExitCode listenUnixDatagrams(Options o, Gate gate, Tap tap, Counters counters) {
        if (!o.keepOpen()) return session(o, UnixDatagrams.listen(o), tap, counters);
        try (DatagramListener socket = UnixDatagrams.listenForMany(o)) {
            return servePeers(socket, o, gate, tap, counters);
        }
    }

    /** {@code -k} on a datagram socket: each sender is served as an accepted client would be. */
    private static ExitCode servePeers(DatagramListener socket, Options o, Gate gate, Tap tap, Counters counters) {
        DatagramPeers peers = new DatagramPeers(socket, gate, o.maxConns());
        if (o.usesStdio()) {
            StdioHub hub = new StdioHub(o, tap, counters);
            hub.start();
            peers.run(hub::serve);
        } else {
            peers.run(peer -> session(o, peer, tap, counters));
        }
        return ExitCode.SUCCESS;
    }

    private static void report(Counters counters) {
        if (Diag.verbose() && counters.claimReport()) Diag.error(counters.summary());
    }
}
