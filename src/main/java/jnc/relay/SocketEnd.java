package jnc.relay;

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
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public ReadableByteChannel reader(Duration idle) throws IOException {
        if (idle == null) return ch;
        // The socket adaptor's stream is the one place the JDK honours a read timeout (SO_TIMEOUT).
        ch.socket().setSoTimeout((int) Math.max(1, idle.toMillis()));
        return Channels.newChannel(ch.socket().getInputStream());
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
