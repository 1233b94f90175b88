package jnc.net.proxy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** A proxy played from a script: its replies come in the given pieces; what we send is recorded. */
final class ScriptedWire implements Wire {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final Deque<byte[]> pieces = new ArrayDeque<>();
    ScriptedWire(byte[]... replyPieces) {
        pieces.addAll(Arrays.asList(replyPieces));
    }

    @Override
    public void send(byte[] message) {
        sent.writeBytes(message);
    }

    @Override
    public byte[] receiveSome(int max) throws java.io.EOFException {
        if (pieces.isEmpty()) throw Wire.closedEarly();
        byte[] p = pieces.removeFirst();
        if (p.length > max) {
            pieces.addFirst(Arrays.copyOfRange(p, max, p.length));
            p = Arrays.copyOf(p, max);
        }
        return p;
    }

    /** What is still unread: the bytes a real socket would still hold for the relay. */
    byte[] unread() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
