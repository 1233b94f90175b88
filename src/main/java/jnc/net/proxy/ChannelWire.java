package jnc.net.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A {@link Wire} on the socket to the proxy. Reads go through the socket's stream adaptor because,
 * unlike the channel's own read, it honours SO_TIMEOUT: with {@code -w} a proxy that accepts but
 * never answers cannot hold jnc forever.
 */
final class ChannelWire implements Wire {
    private final SocketChannel channel;
    private final InputStream in;

    ChannelWire(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream(); // never closed here: that would close the channel
        if (timeout != null) channel.socket().setSoTimeout(jnc.io.NetEnd.timeoutMillis(timeout));
    }

    @Override
    public void send(byte[] message) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(message);
        while (b.hasRemaining()) channel.write(b);
    }

    @Override
    public byte[] receiveSome(int max) throws IOException {
        byte[] buf = new byte[max];
        int n = in.read(buf, 0, max);
        if (n < 0) throw Wire.closedEarly();
        return n == max ? buf : java.util.Arrays.copyOf(buf, n);
    }

    /** Back to blocking reads without a limit, as the relay expects. */
    void finish() throws SocketException {
        channel.socket().setSoTimeout(0);
    }
}
