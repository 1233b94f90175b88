package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import jnc.base.Failure;
import jnc.cli.SocketTuning;

/** Applies the socket options the user asked for, and only those, before bind and connect. */
public final class Tuning {
    private Tuning() {
    }

    /**
     * Sets every option of {@code t} on {@code ch}; an option the socket kind lacks is an error. On a
     * listening socket only what the accepted sockets inherit is set here (receive buffer, reuse);
     * the per-connection options go on each accepted socket ({@link #applyAccepted}). A UDP socket
     * gets a large receive buffer unless the user chose one.
     */
    public static void apply(NetworkChannel ch, SocketTuning t) {
        if (ch instanceof DatagramChannel d && (t == null || t.receiveBuffer() <= 0)) bigReceiveBuffer(d);
        if (t == null || t.isDefault()) return;
        if (t.receiveBuffer() > 0) set(ch, StandardSocketOptions.SO_RCVBUF, t.receiveBuffer(), "--rcvbuf");
        if (t.reuseAddress()) set(ch, StandardSocketOptions.SO_REUSEADDR, true, "--reuseaddr");
        if (t.reusePort()) set(ch, StandardSocketOptions.SO_REUSEPORT, true, "--reuseport");
        if (!(ch instanceof ServerSocketChannel)) perConnection(ch, t);
    }

    /** The per-connection options of a listener's {@code t}, on a socket it accepted. */
    public static void applyAccepted(SocketChannel ch, SocketTuning t) {
        if (t != null && !t.isDefault()) perConnection(ch, t);
    }

    private static void perConnection(NetworkChannel ch, SocketTuning t) {
        if (t.sendBuffer() > 0) set(ch, StandardSocketOptions.SO_SNDBUF, t.sendBuffer(), "--sndbuf");
        // IP_TOS sets the IPv4 TOS byte, and the traffic class on IPv6 sockets.
        if (t.tos() >= 0) set(ch, StandardSocketOptions.IP_TOS, t.tos(), "--tos");
        if (t.keepAlive()) set(ch, StandardSocketOptions.SO_KEEPALIVE, true, "--keepalive");
    }

    /**
     * UDP has no flow control: a datagram that finds the receive buffer full is dropped. jnc asks
     * for a large buffer (the kernel grants at most net.core.rmem_max).
     */
    private static void bigReceiveBuffer(DatagramChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER);
        } catch (IOException e) {
            jnc.base.Diag.debug("SO_RCVBUF: " + IoErrors.describe(e));
        }
    }

    static final int UDP_RECEIVE_BUFFER = 4 << 20;

    /**
     * What can only be set once the socket is bound: the unicast TTL. The JDK has no such option on
     * channels (its TTL options are for multicast), so it goes through the native setsockopt,
     * which needs the socket's descriptor, found by its bound address. A listener's TTL is
     * inherited by the sockets it accepts.
     */
    public static void applyAfterBind(NetworkChannel ch, SocketTuning t) {
        if (t != null && t.ttl() > 0) NativeSockopt.setTtl(ch, t.ttl());
    }

    private static <T> void set(NetworkChannel ch, SocketOption<T> option, T value, String flag) {
        if (!ch.supportedOptions().contains(option)) {
            throw Failure.usage(flag + " is not supported by this kind of socket.");
        }
        try {
            ch.setOption(option, value);
        } catch (IOException | IllegalArgumentException e) {
            throw Failure.usage(flag + ": " + (e instanceof IOException io ? IoErrors.describe(io) : e.getMessage()));
        }
    }
}
