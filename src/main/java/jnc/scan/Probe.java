package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;

import jnc.net.SourceAddress;

/**
 * One way of asking a port whether it is open: a TCP connect ({@link TcpProbe}) or a UDP datagram
 * ({@link UdpProbe}). {@link ChannelScan} runs many at once on one selector; a probe only knows how to
 * ask and how to read the answer, and keeps no state of its own per port.
 */
interface Probe {
    /** A non-blocking socket for asking {@code target}. An error here is this machine's (no descriptors left), not the port's. */
    SelectableChannel open(InetSocketAddress target) throws IOException;

    /** Makes a probe's fresh channel non-blocking and binds it to the source (-s/-p); closes it if that fails. */
    static <C extends SelectableChannel & NetworkChannel> C prepare(C ch, SourceAddress source, InetAddress target) throws IOException {
        try {
            ch.configureBlocking(false);
            source.bind(ch, target);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Asks: starts the connect or sends the datagram. Returns the verdict if it is already known,
     * else {@code null} to wait. An exception is the port's answer (refused, unreachable).
     */
    Outcome ask(SelectableChannel channel, InetSocketAddress target) throws IOException;

    /** What to wait for on the selector while the answer is out. */
    int interest();

    /** The selector says something happened: the verdict, or {@code null} to keep waiting. */
    Outcome check(SelectableChannel channel) throws IOException;

    /** Into how many periods the wait is cut; {@link #expired} is called at the end of each. */
    int periods();

    /** A period of the wait ended without an answer: the verdict after the last one, else {@code null} (the probe may ask again). */
    Outcome expired(SelectableChannel channel, boolean last) throws IOException;
}
