package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;

/**
 * {@code jnc -u HOST PORT}: a UDP socket connected to the peer, so the kernel filters out
 * datagrams from anyone else and reports an ICMP "port unreachable" as a refused connection.
 * "Connected" sends nothing: UDP has no handshake, so success only means the address was usable.
 */
public final class UdpConnector {
    private UdpConnector() {
    }

    public static DatagramEnd connect(Options o) {
        InetAddress target = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(Resolver.protocolFamily(target));
            SourceAddress.of(o).bind(ch, target);
            Tuning.apply(ch, o.tuning());
            ch.connect(new InetSocketAddress(target, o.target().port()));
            Tuning.applyAfterBind(ch, o.tuning());
            if (Diag.verbose()) {
                Diag.verbose(Services.connectedLine(o.target().host(), o.target().port(), "udp"));
            }
            return new DatagramEnd(ch);
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw Failure.network(IoErrors.describe(e));
        } catch (RuntimeException e) {
            TcpConnector.closeQuietly(ch);
            throw e;
        }
    }
}
