package jnc.io;

import jnc.sys.SocketFds;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** A stream socket (TCP or Unix) as a {@link NetEnd}. */
final class SocketEnd implements NetEnd {
    private final SocketChannel ch;
    /** The socket adaptor's stream, the one place the JDK honours a read timeout (SO_TIMEOUT); made on first use. */
    private ReadableByteChannel timed;

    SocketEnd(SocketChannel ch) {
        this.ch = ch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return ch.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return ch.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return ch.write(srcs, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        ch.shutdownOutput();
    }

    @Override
    public SocketChannel socket() {
        return ch;
    }

    @Override
    public int fd() {
        return SocketFds.of(ch);
    }

    @Override
    public SocketAddress remoteAddress() {
        return NetEnd.addressOrNull(ch::getRemoteAddress);
    }

    @Override
    public SocketAddress localAddress() {
        return NetEnd.addressOrNull(ch::getLocalAddress);
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        if (timed == null) timed = Channels.newChannel(ch.socket().getInputStream());
        ch.socket().setSoTimeout(NetEnd.timeoutMillis(idle));
        return timed.read(dst);
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
