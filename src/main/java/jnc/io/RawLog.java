package jnc.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** {@code -o FILE}: both directions, byte for byte, in the order they crossed. */
final class RawLog implements Tap {
    private final FileChannel file;

    RawLog(FileChannel file) {
        this.file = file;
    }

    @Override
    public void sent(ByteBuffer data) {
        write(data);
    }

    @Override
    public void received(ByteBuffer data) {
        write(data);
    }

    private synchronized void write(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        try {
            while (d.hasRemaining()) file.write(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // the log is best effort once the session is over
        }
    }
}
