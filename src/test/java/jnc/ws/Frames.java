package jnc.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw frames byte by byte for the tests, independently of {@link FrameWriter}. */
public final class Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Frames frame(boolean fin, int rsv, int op, byte[] payload, Integer key) {
        out.write((fin ? 0x80 : 0) | rsv << 4 | op);
        int m = key != null ? 0x80 : 0;
        int len = payload.length;
        if (len < 126) {
            out.write(m | len);
        } else if (len < 65536) {
            out.write(m | 126);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(m | 127);
            for (int i = 7; i >= 0; i--) out.write((int) ((long) len >> (8 * i)));
        }
        byte[] k = new byte[4];
        if (key != null) {
            for (int i = 0; i < 4; i++) k[i] = (byte) (key >> (24 - 8 * i));
            out.write(k, 0, 4);
        }
        for (int i = 0; i < len; i++) out.write(payload[i] ^ (key != null ? k[i & 3] : 0));
        return this;
    }

    /** A masked frame, as a client sends. */
    public Frames masked(boolean fin, int op, byte[] payload) {
        return frame(fin, 0, op, payload, 0x37FA213D);
    }

    public Frames masked(boolean fin, int op, String text) {
        return masked(fin, op, text.getBytes(StandardCharsets.UTF_8));
    }

    public Frames close(int code) {
        return masked(true, 8, new byte[] {(byte) (code >> 8), (byte) code});
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
