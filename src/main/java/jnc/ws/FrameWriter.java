package jnc.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import jnc.io.NetEnd;

/**
 * Writes RFC 6455 frames to the connection underneath. A client masks every frame with a fresh
 * key (5.3); a server never masks. One lock for all writers: the relay's sender, the reader that
 * answers pings and Close frames, and the pinger.
 */
final class FrameWriter {
    /** Payload per write; a larger message goes out as one frame written in pieces. */
    private static final int CHUNK = 256 * 1024;
    /** An unmasked payload this big is written from where it is, not copied. */
    private static final int DIRECT_WRITE = 16 * 1024;
    private final NetEnd under;
    private final boolean mask;
    private final SplittableRandom keys;
    private ByteBuffer out = ByteBuffer.allocateDirect(16 * 1024);

    FrameWriter(NetEnd under, boolean mask, long seed) {
        this.under = under;
        this.mask = mask;
        this.keys = mask ? new SplittableRandom(seed) : null;
    }

    synchronized void send(int opcode, boolean fin, byte[] a, int off, int len) throws IOException {
        send(opcode, fin, ByteBuffer.wrap(a, off, len));
    }

    /** One frame carrying all of {@code payload}. */
    synchronized void send(int opcode, boolean fin, ByteBuffer payload) throws IOException {
        long len = payload.remaining();
        if (out.capacity() < CHUNK + 14 && len + 14 > out.capacity()) out = ByteBuffer.allocateDirect(CHUNK + 14);
        out.clear();
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        int maskBit = mask ? 0x80 : 0;
        if (len < 126) {
            out.put((byte) (maskBit | len));
        } else if (len <= 0xFFFF) {
            out.put((byte) (maskBit | 126)).putShort((short) len);
        } else {
            out.put((byte) (maskBit | 127)).putLong(len);
        }
        int key = 0;
        if (mask) {
            key = keys.nextInt();
            out.putInt(key);
        }
        if (!mask && len >= DIRECT_WRITE) {
            // A server's big payload needs no copy: the header, then the payload as it is.
            out.flip();
            while (out.hasRemaining()) under.write(out);
            while (payload.hasRemaining()) under.write(payload);
            return;
        }
        long done = 0;
        do {
            int n = (int) Math.min(out.remaining(), len - done);
            int at = out.position();
            if (mask) {
                Mask.copy(payload, payload.position(), out, at, n, key, (int) (done & 3)); // one pass, and the caller's bytes stay as they were
            } else {
                out.put(at, payload, payload.position(), n);
            }
            out.position(at + n);
            payload.position(payload.position() + n);
            done += n;
            out.flip();
            while (out.hasRemaining()) under.write(out);
            out.clear();
        } while (done < len);
    }
}
