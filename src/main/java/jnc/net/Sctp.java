package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

import com.sun.nio.sctp.MessageInfo;
import com.sun.nio.sctp.SctpChannel;
import com.sun.nio.sctp.SctpServerChannel;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;

/**
 * {@code --sctp}: one SCTP association through the JDK's {@code com.sun.nio.sctp}, as a
 * {@link NetEnd} carrying messages on stream 0. The JDK needs the system's {@code libsctp} and the
 * kernel's SCTP module; where either is missing, jnc says "not supported on this system" and exits 2.
 */
public final class Sctp implements NetEnd {
    private final SctpChannel ch;

    private Sctp(SctpChannel ch) {
        this.ch = ch;
    }

    public static Sctp connect(Options o) {
        InetAddress target = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
        SctpChannel ch = null;
        try {
            ch = openChannel();
            ch.connect(new InetSocketAddress(target, o.target().port()));
            if (Diag.verbose()) Diag.verbose(Services.connectedLine(o.target().host(), o.target().port(), "sctp"));
            return new Sctp(ch);
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw Failure.network(IoErrors.describe(e));
        }
    }

    /** Listen mode: one association at a time (SCTP with -k is not offered: the parser refuses it). */
    public static Acceptor listener(Options o) {
        // The wildcard named, not null: the JDK's null follows java.net.preferIPv6Addresses (FastStart).
        InetAddress bind = o.target().host() == null ? java.net.Inet4Address.ofLiteral("0.0.0.0") : Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
        SctpServerChannel server;
        try {
            server = SctpServerChannel.open();
        } catch (UnsupportedOperationException | IOException e) {
            throw unsupported(e);
        }
        try {
            server.bind(new InetSocketAddress(bind, o.target().port()));
            int port = ((InetSocketAddress) server.getAllLocalAddresses().iterator().next()).getPort();
            Diag.verbose("Listening on [" + Addresses.text(bind) + "] (sctp, port " + port + ")");
        } catch (IOException e) {
            TcpConnector.closeQuietly(server);
            throw Failure.network(IoErrors.describe(e));
        }
        return new Acceptor() {
            @Override
            public NetEnd next(Admission door) throws IOException {
                while (true) {
                    SctpChannel c;
                    try {
                        c = server.accept();
                    } catch (java.nio.channels.ClosedChannelException e) {
                        return null;
                    }
                    SocketAddress remote = c.getRemoteAddresses().iterator().next();
                    if (door.admit(remote, this)) return new Sctp(c);
                    c.close();
                }
            }

            @Override
            public String connectionLine(SocketAddress remote, String outcome) {
                return Say.connection(remote, null, outcome);
            }

            @Override
            public void close() {
                TcpConnector.closeQuietly(server);
            }
        };
    }

    private static SctpChannel openChannel() {
        try {
            return SctpChannel.open();
        } catch (UnsupportedOperationException | IOException e) {
            throw unsupported(e);
        }
    }

    private static Failure unsupported(Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Failure.usage("SCTP is not supported on this system (" + why + ").");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        MessageInfo info = ch.receive(dst, null, null);
        if (info == null || info.bytes() < 0) return -1;
        return info.bytes();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return ch.send(src, MessageInfo.createOutgoing(null, 0));
    }

    @Override
    public void shutdownOutput() throws IOException {
        ch.shutdown(); // SCTP's SHUTDOWN: graceful, like TCP's FIN
    }

    @Override
    public SocketAddress remoteAddress() {
        return NetEnd.addressOrNull(() -> ch.getRemoteAddresses().stream().findFirst().orElse(null));
    }

    @Override
    public SocketAddress localAddress() {
        return NetEnd.addressOrNull(() -> ch.getAllLocalAddresses().stream().findFirst().orElse(null));
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        return read(dst); // no read timeout on SCTP channels: -i applies through the relay's idle watch
    }

    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
