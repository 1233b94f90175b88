package jnc.io;

import java.nio.ByteBuffer;

/**
 * {@code -C}: turns each lone LF into CRLF, leaving existing CRLF alone, across chunk boundaries.
 */
public final class CrlfEncoder {
    private boolean lastWasCr;
    private ByteBuffer out;

    /** Returns a buffer ready to be written holding the encoded form of {@code in}'s remaining bytes. */
    public ByteBuffer encode(ByteBuffer in) {
        int need = in.remaining() * 2;
        if (out == null || out.capacity() < need) out = ByteBuffer.allocateDirect(Math.max(need, 8192));
        out.clear();
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n' && !lastWasCr) out.put((byte) '\r');
            out.put(b);
            lastWasCr = b == '\r';
        }
        return out.flip();
    }
}
