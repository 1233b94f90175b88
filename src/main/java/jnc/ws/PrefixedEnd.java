package jnc.ws;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import jnc.io.NetEnd;

/** An end whose first bytes were read already (to tell HTTP from a plain client): they are read again first. */
final class PrefixedEnd implements NetEnd {
    private final NetEnd under;
    private ByteBuffer prefix;

    PrefixedEnd(NetEnd under, ByteBuffer prefix) {
        this.under = under;
        this.prefix = prefix;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (prefix == null) return under.read(dst);
        return fromPrefix(dst);
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        if (prefix == null) return under.read(dst, idle);
        return fromPrefix(dst);
    }

    private int fromPrefix(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), prefix.remaining());
        dst.put(dst.position(), prefix, prefix.position(), n).position(dst.position() + n);
        prefix.position(prefix.position() + n);
        if (!prefix.hasRemaining()) prefix = null;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return under.write(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
        under.shutdownOutput();
    }

    @Override
    public SocketChannel socket() {
        return under.socket();
    }

    @Override
    public SocketAddress remoteAddress() {
        return under.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return under.localAddress();
    }

    @Override
    public boolean isOpen() {
        return under.isOpen();
    }

    @Override
    public void close() throws IOException {
        under.close();
    }
}
