package jnc.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

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
    public boolean isOpen() {
        return ch.isOpen();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
