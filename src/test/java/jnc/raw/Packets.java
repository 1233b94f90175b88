package jnc.raw;

import java.io.ByteArrayOutputStream;

/** Handmade packets for the decoder tests, built byte by byte as the RFCs lay them out. */
final class Packets {
    private Packets() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** An IPv4 header without options (IHL 5), DF set, correct checksum, followed by {@code payload}. */
    static byte[] ipv4(int[] src, int[] dst, int protocol, int ttl, int id, byte[] payload) {
        byte[] h = new byte[20];
        h[0] = 0x45;
        Bytes.put16(h, 2, 20 + payload.length);
        Bytes.put16(h, 4, id);
        h[6] = 0x40; // DF
        h[8] = (byte) ttl;
        h[9] = (byte) protocol;
        for (int i = 0; i < 4; i++) {
            h[12 + i] = (byte) src[i];
            h[16 + i] = (byte) dst[i];
        }
        Bytes.put16(h, 10, Checksum.of(h, 0, 20));
        return concat(h, payload);
    }

    static final int[] LOCALHOST = {127, 0, 0, 1};
    static final int[] OTHER = {127, 0, 0, 77};

    static byte[] udp(int sport, int dport, byte[] data) {
        byte[] h = new byte[8];
        Bytes.put16(h, 0, sport);
        Bytes.put16(h, 2, dport);
        Bytes.put16(h, 4, 8 + data.length);
        return concat(h, data);
    }

    static byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, byte[] options, byte[] data) {
        byte[] h = new byte[20];
        Bytes.put16(h, 0, sport);
        Bytes.put16(h, 2, dport);
        Bytes.put16(h, 4, (int) (seq >>> 16));
        Bytes.put16(h, 6, (int) seq);
        Bytes.put16(h, 8, (int) (ack >>> 16));
        Bytes.put16(h, 10, (int) ack);
        h[12] = (byte) (((20 + options.length) / 4) << 4);
        h[13] = (byte) flags;
        Bytes.put16(h, 14, window);
        return concat(h, options, data);
    }
}
