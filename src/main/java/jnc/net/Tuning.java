package jnc.net;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

import jnc.Failure;
import jnc.cli.SocketTuning;

/** Applies the socket options the user asked for, and only those, before bind and connect. */
public final class Tuning {
    private Tuning() {
    }

    /** Sets every option of {@code t} that {@code ch} supports; an option it lacks is an error only if it was asked for. */
    public static void apply(NetworkChannel ch, SocketTuning t) {
        if (t == null || t.equals(SocketTuning.DEFAULTS)) return;
        if (t.sendBuffer() > 0) set(ch, StandardSocketOptions.SO_SNDBUF, t.sendBuffer(), "--sndbuf");
        if (t.receiveBuffer() > 0) set(ch, StandardSocketOptions.SO_RCVBUF, t.receiveBuffer(), "--rcvbuf");
        // IP_TOS sets the IPv4 TOS byte, and the traffic class on IPv6 sockets.
        if (t.tos() >= 0) set(ch, StandardSocketOptions.IP_TOS, t.tos(), "--tos");
        if (t.ttl() > 0) {
            // The JDK has no unicast TTL option on channels; jdk.net's is the IPv4/IPv6 hop limit
            // for multicast only, so the unicast TTL goes through the native setsockopt.
            NativeSockopt.setTtl(ch, t.ttl());
        }
        if (t.keepAlive()) set(ch, StandardSocketOptions.SO_KEEPALIVE, true, "--keepalive");
        if (t.reuseAddress()) set(ch, StandardSocketOptions.SO_REUSEADDR, true, "--reuseaddr");
        if (t.reusePort()) set(ch, StandardSocketOptions.SO_REUSEPORT, true, "--reuseport");
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
