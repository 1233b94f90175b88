package jnc.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

import jnc.io.NetEnd;

/** A connection in memory for the framing tests: reads hand out {@code input} in pieces of at most {@code piece} bytes; writes are kept. */
final class MemoryEnd implements NetEnd {
    private final ByteBuffer input;
    private final int piece;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean shutdown;

    MemoryEnd(byte[] input, int piece) {
        this.input = ByteBuffer.wrap(input);
        this.piece = piece;
    }

    @Override
    public int read(ByteBuffer dst) throws EOFException {
        if (!input.hasRemaining()) return -1;
        int n = Math.min(piece, Math.min(dst.remaining(), input.remaining()));
        dst.put(dst.position(), input, input.position(), n).position(dst.position() + n);
        input.position(input.position() + n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws EOFException {
        return read(dst);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        written.write(b, 0, n);
        return n;
    }

    @Override
    public void shutdownOutput() {
        shutdown = true;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
