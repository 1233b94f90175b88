package jnc;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.LastResort;

import java.nio.channels.SocketChannel;

import jnc.cli.ArgParser;
import jnc.cli.Docs;
import jnc.cli.LocalSide;
import jnc.cli.Mode;
import jnc.cli.Options;
import jnc.broker.Broker;
import jnc.broker.Chat;
import jnc.cli.UsageException;
import jnc.echo.EchoService;
import jnc.exec.ProcessEnd;
import jnc.measure.EchoLoad;
import jnc.net.TcpConnector;
import jnc.door.Door;
import jnc.door.Serve;
import jnc.io.Acceptor;
import jnc.io.Layer;
import jnc.io.Service;
import jnc.net.DatagramListener;
import jnc.net.DatagramSenders;
import jnc.net.StreamListener;
import jnc.net.Sctp;
import jnc.net.UdpConnector;
import jnc.net.UdpListener;
import jnc.net.UnixDatagrams;
import jnc.net.UnixSockets;
import jnc.cli.Transport;
import jnc.raw.RawMode;
import jnc.io.Counters;
import jnc.io.LocalEnd;
import jnc.io.NetEnd;
import jnc.session.Relay;
import jnc.io.Stdio;
import jnc.io.Tap;
import jnc.io.Taps;
import jnc.scan.PortScan;
import jnc.serve.Forward;
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
        LastResort.install(); // an Error on any thread is one line, never a stack trace
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
        // An if chain, not a pattern switch: the switch's bootstrap costs start-up time. A run first,
        // so a plain session loads none of the other commands' classes.
        if (command instanceof ArgParser.Run run) return execute(run.options()).code;
        if (command instanceof ArgParser.Install install) {
            // Fully qualified and only here: the installer's classes load for --install alone.
            return jnc.install.Installer.run(install.uninstall(), install.dir()).code;
        }
        if (command instanceof ArgParser.ShowHelp) {
            System.out.print(Docs.help());
            return ExitCode.SUCCESS.code;
        }
        System.out.println(Docs.versionLine());
        return ExitCode.SUCCESS.code;
    }

    /** Runs the mode the options name; every failure becomes one line on stderr and its exit code. */
    private static ExitCode execute(Options o) {
        Diag.setVerbosity(o.verbosity());
        try {
            // Packets, probes and round trips, not a relayed byte stream: no relay counters.
            Mode mode = o.mode();
            if (mode instanceof Mode.Raw || mode instanceof Mode.Ping) return RawMode.run(o);
            if (mode instanceof Mode.Scan) return PortScan.run(o);
            if (mode instanceof Mode.Load) return EchoLoad.run(o);
            // Named only here: a run without --send/--receive loads nothing of jnc.transfer.
            if (o.local() instanceof LocalSide.Files files) return jnc.transfer.Transfer.run(o, files.transfer());
            return relay(o);
        } catch (Failure f) {
            Diag.error(f.getMessage());
            return f.exitCode;
        } catch (RuntimeException e) {
            Diag.error("internal error: " + e);
            if (o.debug()) e.printStackTrace();
            return ExitCode.USAGE;
        } catch (Error e) {
            Diag.error(LastResort.describe(e)); // out of memory, say: one line and exit 1
            return ExitCode.NETWORK;
        }
    }

    /** The relay between the local end and the network end, connected or accepted. */
    private static ExitCode relay(Options o) {
        // A stream listener takes its port before anything else is set up (the command's check, -o's
        // file, the door, the TLS key, the service's classes): scripts start a listener and connect at
        // once, and the kernel queues them from here. "Listening on" waits until the service is ready.
        StreamListener early = o.listen() && !o.udp() && o.target().transport() != Transport.SCTP ? StreamListener.bind(o) : null;
        try {
            return relay(o, early);
        } catch (RuntimeException | Error e) {
            if (early != null) early.close();
            throw e;
        }
    }

    private static ExitCode relay(Options o, StreamListener early) {
        if (o.local() instanceof LocalSide.Exec exec) jnc.exec.CommandCheck.check(exec); // a command that cannot run is a usage error before we say we listen
        Counters counters = new Counters();
        if (o.verbose()) {
            // Ctrl-C and SIGTERM still print the counters, once.
            // Not for a listener stopped while it waited: there was no session to sum up.
            Runtime.getRuntime().addShutdownHook(new ReportAtExit(counters));
        }
        try (Tap tap = Taps.open(o.logs())) {
            ExitCode code = o.mode() instanceof Mode.Listen l ? listen(o, l, early, tap, counters) : connect(o, tap, counters);
            report(counters);
            return code;
        }
    }

    private static ExitCode connect(Options o, Tap tap, Counters counters) {
        return session(o, connectedEnd(o), tap, counters);
    }

    /** The network end of connect mode, of the kind the options name. */
    private static NetEnd connectedEnd(Options o) {
        if (o.target().transport() == Transport.SCTP) return Sctp.connect(o);
        if (o.target().unix()) return o.udp() ? UnixDatagrams.connect(o) : NetEnd.of(UnixSockets.connect(o));
        if (o.udp()) return UdpConnector.connect(o);
        // Only here, and in listen's matching branch, are the TLS classes named: a run without
        // --ssl never loads them (nor javax.net.ssl), which keeps its start-up as it was. The TLS
        // options are settled before connecting, so a bad one is a usage error, not a connection;
        // with --proxy, TLS runs through the proxy's tunnel, end to end with the server.
        NetEnd end = o.tls() != null ? TlsClient.prepare(o).over(tcpConnection(o)) : NetEnd.of(tcpConnection(o));
        // --code: the PAKE proof over the TLS session; its classes (and BouncyCastle's) load only here.
        if (o.tls() != null && o.tls().code() != null) end = jnc.code.CodeLayer.client(end, o.tls().code(), TlsClient.handshakeTimeout(o));
        // WebSocket is a layer over TCP or TLS; its classes are named here and in listen only.
        return o.ws() != null ? jnc.ws.WsClient.over(end, o) : end;
    }

    /** A TCP connection to the target: direct, or through {@code --proxy}. */
    private static SocketChannel tcpConnection(Options o) {
        // Fully qualified and only here: the proxy classes load when --proxy is given, never otherwise.
        return o.proxy() != null ? jnc.net.proxy.ProxyConnector.connect(o) : TcpConnector.connect(o);
    }

    /** One connected peer against the local end the options name: stdin/stdout, a command, or echo. */
    private static ExitCode session(Options o, NetEnd net, Tap tap, Counters counters) {
        if (o.local() instanceof LocalSide.Echo) return EchoService.serve(net, o.session().idleTimeout(), tap, counters);
        if (o.local() instanceof LocalSide.Exec exec) {
            ProcessEnd child = ProcessEnd.start(exec, o.target().transport(), net);
            try {
                return new Relay(o.session(), child, net, tap, counters).run();
            } finally {
                child.reap();
            }
        }
        // A person at a terminal gets a line editor, so incoming lines do not tear up the one being typed.
        LocalEnd term = Terminals.wanted(o) ? Terminals.open() : null;
        try {
            return new Relay(o.session(), term != null ? term : Stdio.get(), net, tap, counters).run();
        } finally {
            if (term != null) Terminals.close(term);
        }
    }

    /**
     * Listen mode, every transport and service alike: open the acceptor, put the door in front of it,
     * hand each peer (with TLS over it, for --ssl) to the service.
     */
    private static ExitCode listen(Options o, Mode.Listen mode, StreamListener early, Tap tap, Counters counters) {
        Door door = Door.of(mode.door(), o.target().noDns()); // names in --allow/--deny are resolved before we say we listen
        if (mode.keepOpen() || o.local() instanceof LocalSide.ProxyServer) door.shedStuckPeers(); // a full door sheds a stuck peer for a newcomer
        // Only here, and in connect's matching branch, are the TLS classes named; made before we
        // say we listen, so a bad key or cipher list is a usage error, not the first client's.
        Layer tls = o.tls() != null ? TlsServer.create(o) : null;
        if (tls != null && o.tls().code() != null) tls = jnc.code.CodeLayer.listener(tls, o.tls().code(), TlsClient.handshakeTimeout(o));
        Acceptor acceptor = early != null ? early.announce() : acceptor(o);
        if (mode.keepOpen() && o.local() instanceof LocalSide.Echo && tls == null && acceptor instanceof StreamListener listener) {
            // The echo event loops multiplex plain stream sockets themselves, through the same door;
            // over WebSocket, loops that speak frames (unless a tap or -i needs a thread per client).
            if (o.ws() == null) return EchoService.serveAll(listener, door, o, tap, counters);
            if (jnc.ws.WsEcho.fits(o)) return jnc.ws.WsEcho.serveAll(listener, door, o, counters);
        }
        if (o.local() instanceof LocalSide.Forward && tls == null && acceptor instanceof StreamListener listener) {
            // Plain sockets both sides: event loops instead of threads per client. Fully qualified and only here.
            java.net.InetAddress to = jnc.serve.ForwardLoop.fits(o, tap);
            if (to != null) return jnc.serve.ForwardLoop.serveAll(listener, door, o, to, counters);
        }
        // WebSocket over the peer (over TLS with --ssl). Fully qualified and only here: its classes load with --ws only.
        Layer layer = o.ws() == null ? tls : jnc.ws.WsServer.create(o, ((StreamListener) acceptor).port()).above(tls);
        Service service = service(o, tap, counters, acceptor);
        // Ncat's proxy server serves every client, -k or not.
        boolean many = mode.keepOpen() || o.local() instanceof LocalSide.ProxyServer;
        // Plain jnc closes a stream listener at its first client, as Ncat does; a datagram peer is the listening socket itself.
        if (!many) return Serve.one(acceptor, door, layer, service, o.usesStdio() && !o.udp());
        Serve.each(acceptor, door, layer, service);
        return ExitCode.SUCCESS;
    }

    /** Where the datagram and SCTP peers come from: one acceptor per transport (a stream listener is bound in relay). */
    private static Acceptor acceptor(Options o) {
        if (o.target().transport() == Transport.SCTP) return Sctp.listener(o);
        if (o.udp() && o.target().unix()) return o.keepOpen() ? new DatagramSenders(UnixDatagrams.listenForMany(o), o.session().idleTimeout()) : UnixDatagrams.firstSender(o);
        // a stream listener was bound first of all, in relay
        UdpListener udp = UdpListener.open(o, !o.keepOpen() && !(o.local() instanceof LocalSide.Echo));
        return o.keepOpen() ? new DatagramSenders(DatagramListener.of(udp), o.session().idleTimeout()) : udp;
    }

    /** What serves each peer of listen mode. */
    private static Service service(Options o, Tap tap, Counters counters, Acceptor acceptor) {
        LocalSide local = o.local();
        if (local instanceof LocalSide.Forward) return new Forward(o, tap, counters);
        // -l --proxy-type http: Ncat's proxy server. Fully qualified and only here: its classes load only for it.
        if (local instanceof LocalSide.ProxyServer server) {
            jnc.net.proxy.HttpProxyServer.warnIfOpen(o, server.spec());
            return peer -> {
                jnc.net.proxy.HttpProxyServer.serve(peer, o, server.spec());
                return ExitCode.SUCCESS;
            };
        }
        if (local instanceof LocalSide.Broker b) {
            Service room = b.chat() ? new Chat(o, tap, counters)::serve : new Broker(o, tap, counters)::serve;
            return o.session().idleTimeout() == null ? room : new jnc.serve.Idle(room, new jnc.io.IdleWatch(o.session().idleTimeout()));
        }
        if (o.keepOpen() && o.usesStdio()) {
            StdioHub hub = new StdioHub(o.session(), tap, counters, acceptor::close); // -q ends the listener
            hub.start();
            return o.session().idleTimeout() == null ? hub : new jnc.serve.Idle(hub, new jnc.io.IdleWatch(o.session().idleTimeout()));
        }
        return new PeerSession(o, tap, counters);
    }

    // Named classes, not lambdas, on the paths every plain run takes: a lambda that is not in the
    // AOT training is spun at start-up (StartupClassesE2ETest keeps it so).

    /** One peer against stdin/stdout, a command or echo: the service of a plain {@code -l}. */
    record PeerSession(Options o, Tap tap, Counters counters) implements Service { // package-private: Training loads it
        @Override
        public ExitCode serve(NetEnd peer) {
            return session(o, peer, tap, counters);
        }
    }

    /** {@code -v}: Ctrl-C and SIGTERM still print the counters, once; not for a listener stopped while it waited. */
    private static final class ReportAtExit extends Thread {
        private final Counters counters;

        ReportAtExit(Counters counters) {
            this.counters = counters;
        }

        @Override
        public void run() {
            if (counters.sent() + counters.received() > 0) report(counters);
        }
    }

    private static void report(Counters counters) {
        if (Diag.verbose() && counters.claimReport()) Diag.error(counters.summary());
    }
}
