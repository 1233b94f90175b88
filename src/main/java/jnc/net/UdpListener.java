package jnc.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Supplier;

import jnc.base.Diag;
import jnc.cli.Options;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;

/**
 * {@code jnc -u -l PORT}: a bound UDP socket. UDP has no accept: a "client" is whoever sends the
 * first datagram. Without {@code -k} jnc then talks to that sender only (Ncat's rule; datagrams
 * from anyone else are dropped); with {@code -k}
 * {@link jnc.serve.DatagramPeers} tells the senders apart on the unconnected socket.
 */
public final class UdpListener implements Acceptor {
    private final DatagramChannel channel;
    private final boolean ipv6Only;
    private final SocketAddress local;
    /** Batched reads for the first peer's session, being made while we wait (see {@link DatagramDrain#prepare}); null: none. */
    private Supplier<DatagramDrain> drain;

    private UdpListener(DatagramChannel channel, boolean ipv6Only) throws IOException {
        this.channel = channel;
        this.ipv6Only = ipv6Only;
        this.local = channel.getLocalAddress();
    }

    /**
     * Binds the listening socket; {@code batched}: its one peer's datagrams go to stdout or a
     * command, so several may be read at once (echo and {@code -k} need them one by one).
     */
    public static UdpListener open(Options o, boolean batched) {
        StreamListener.BindPlan plan = StreamListener.BindPlan.of(o);
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(plan.family());
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (plan.v6Only()) NativeSockopt.setV6Only(ch); // IPv6 alone, as Ncat; turnedAway still filters if it failed
            Tuning.apply(ch, o.tuning());
            ch.bind(new InetSocketAddress(plan.bindAddress(), o.target().port()));
            Tuning.applyAfterBind(ch, o.tuning());
            plan.announce(o, ((InetSocketAddress) ch.getLocalAddress()).getPort());
            UdpListener listener = new UdpListener(ch, plan.v6Only());
            // One peer whose datagrams go to stdout or a command: get batched reads ready now.
            if (batched) listener.drain = DatagramDrain.prepare(ch);
            return listener;
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw plan.bindFailure(o, e);
        }
    }

    public DatagramChannel channel() {
        return channel;
    }

    /** The address it is bound to, as the verbose lines show it. */
    public SocketAddress localAddress() {
        return local;
    }

    /** Whether a datagram from {@code sender} is to be ignored because of {@code -6}. */
    public boolean turnedAway(SocketAddress sender) {
        return ipv6Only && sender instanceof InetSocketAddress s && s.getAddress() instanceof Inet4Address;
    }

    /**
     * {@code -u -l}: waits for the first datagram from a sender the door admits; from then on the
     * end talks to that sender only, and the others' datagrams are dropped. The datagram is not
     * lost: the returned end delivers it first.
     */
    @Override
    public NetEnd next(Admission door) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(DatagramEnd.MAX_MESSAGE);
        while (true) {
            buf.clear();
            SocketAddress from = channel.receive(buf);
            if (turnedAway(from) || !door.admit(from, this)) continue;
            buf.flip();
            DatagramDrain ready = drain == null ? null : drain.get();
            return new DatagramEnd(channel, from, buf, ready == null || !(from instanceof InetSocketAddress a) ? null : ready.only(a));
        }
    }

    @Override
    public String connectionLine(SocketAddress remote, String outcome) {
        return Say.connection(remote, local, outcome);
    }

    @Override
    public void close() {
        TcpConnector.closeQuietly(channel);
    }
}
