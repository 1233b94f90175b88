package jnc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batched reads of waiting datagrams ({@link DatagramEnd#readStream}) on real loopback sockets. */
@Timeout(10) // a read that never returns fails, it does not hang the build
class DatagramDrainTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private static DatagramChannel bound() throws Exception {
        return DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b.flip()).toString();
    }

    /** Sends "d0;d1;...": small datagrams that all wait in the socket before anyone reads. */
    private static String send(DatagramChannel from, SocketAddressHolder to, int count) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String d = "d" + i + ";";
            from.send(ByteBuffer.wrap(d.getBytes(StandardCharsets.US_ASCII)), to.address);
            all.append(d);
        }
        return all.toString();
    }

    private record SocketAddressHolder(InetSocketAddress address) {
    }

    @Test
    void oneReadTakesEveryWaitingDatagramInOrder() throws Exception {
        try (DatagramChannel rx = bound(); DatagramChannel tx = bound()) {
            rx.connect(tx.getLocalAddress());
            String sent = send(tx, new SocketAddressHolder((InetSocketAddress) rx.getLocalAddress()), 200);
            // The drain made first: a DatagramEnd makes its own on a thread of its own, and reads
            // one datagram at a time until it is there (so the first one is not kept waiting).
            DatagramEnd end = new DatagramEnd(rx, null, null, DatagramDrain.of(rx, null));
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            StringBuilder got = new StringBuilder();
            int reads = 0;
            while (got.length() < sent.length()) {
                buf.clear();
                end.readStream(buf);
                got.append(text(buf));
                reads++;
            }
            assertThat(got.toString()).isEqualTo(sent);
            assertThat(reads).as("200 waiting datagrams in a few reads, not 200").isLessThan(10);
        }
    }

    @Test
    void aPlainReadStillReturnsOneDatagram() throws Exception {
        try (DatagramChannel rx = bound(); DatagramChannel tx = bound()) {
            rx.connect(tx.getLocalAddress());
            send(tx, new SocketAddressHolder((InetSocketAddress) rx.getLocalAddress()), 3);
            DatagramEnd end = new DatagramEnd(rx);
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            end.read(buf);
            assertThat(text(buf)).isEqualTo("d0;"); // --echo and the -k peers keep datagram boundaries
        }
    }

    @Test
    void anUnconnectedListenerKeepsOnlyItsPeersDatagrams() throws Exception {
        try (DatagramChannel rx = bound(); DatagramChannel peer = bound(); DatagramChannel stranger = bound()) {
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            for (int i = 0; i < 20; i++) {
                peer.send(ByteBuffer.wrap(("p" + i + ";").getBytes(StandardCharsets.US_ASCII)), to);
                stranger.send(ByteBuffer.wrap(("s" + i + ";").getBytes(StandardCharsets.US_ASCII)), to);
            }
            DatagramEnd end = new DatagramEnd(rx, peer.getLocalAddress(), null, null);
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            StringBuilder got = new StringBuilder();
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 20; i++) want.append("p").append(i).append(';');
            while (got.length() < want.length()) {
                buf.clear();
                end.readStream(buf);
                got.append(text(buf));
            }
            assertThat(got.toString()).isEqualTo(want.toString());
        }
    }

    @Test
    void aRefusalIsReportedThoughBatchedReadsLookAhead() throws Exception {
        // The peer sends, then goes away; our next datagram to it draws an ICMP "port unreachable".
        // Whichever read meets the refusal (the blocking one, or the look-ahead behind it), the
        // session must hear "Connection refused", not lose it.
        try (DatagramChannel rx = bound()) {
            DatagramChannel tx = bound();
            rx.connect(tx.getLocalAddress());
            tx.send(ByteBuffer.wrap(new byte[] {'x'}), rx.getLocalAddress());
            tx.close();
            rx.write(ByteBuffer.wrap(new byte[] {'y'}));
            Thread.sleep(100);
            DatagramEnd end = new DatagramEnd(rx);
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 3; i++) {
                    buf.clear();
                    end.readStream(buf);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }
}
