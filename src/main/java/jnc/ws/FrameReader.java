package jnc.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jnc.io.NetEnd;

/**
 * Reads RFC 6455 frames from the connection underneath and hands out the payload of data messages,
 * frame by frame, without holding a whole message: memory is the one input buffer, whatever the
 * message size. Control frames (ping, pong, close) may come between the fragments of a message and
 * are dealt with here. Everything the RFC forbids throws a {@link WsProtocolException} with the
 * close code to answer: 1002 for a broken frame, 1007 for a text message that is not UTF-8, 1009
 * for a message over the limit.
 */
final class FrameReader {
    static final int OP_CONT = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    /** {@link #read} result: the data message in progress has ended. */
    static final int END = -2;
    /** {@link #read} result: the peer's Close frame arrived ({@link #closeCode}, {@link #closeReason}). */
    static final int CLOSED = -1;
    /** {@link #read} result: the connection ended without a Close frame. */
    static final int VANISHED = -3;

    /** What to do with a ping: the reader's owner answers it with a pong. */
    interface Pings {
        void ping(byte[] payload) throws IOException;
    }

    /** A reader with this much room, and nothing buffered, gets binary payload read straight into its buffer. */
    private static final int DIRECT_READ = 16 * 1024;

    private final NetEnd under;
    private final ByteBuffer in;
    /** A server reads masked frames only, a client unmasked ones only (RFC 6455 5.1). */
    private final boolean expectMasked;
    private final long maxMessage;
    private final Pings pings;
    private final Utf8Check utf8 = new Utf8Check();

    private boolean inMessage;
    private boolean text;
    private long messageSize;
    /** The frame in progress: payload bytes left, whether it ends its message, its mask. */
    private long left;
    private boolean fin;
    private boolean masked;
    private int maskKey;
    private int maskPhase;
    private boolean endPending;

    int closeCode = 1005; // "no status received", until a Close frame says otherwise
    String closeReason = "";

    /**
     * {@code leftover} holds what was read after the handshake, ready to be read (flipped). It is
     * copied into a direct buffer of the same size: a socket reads into a heap buffer through a
     * direct one of the JDK's and one more copy, and {@link Mask} then sees one kind of buffer only.
     */
    FrameReader(NetEnd under, ByteBuffer leftover, boolean expectMasked, long maxMessage, Pings pings) {
        this.under = under;
        this.in = leftover.isDirect() ? leftover : ByteBuffer.allocateDirect(Math.max(leftover.capacity(), 256)).put(leftover).flip();
        this.expectMasked = expectMasked;
        this.maxMessage = maxMessage;
        this.pings = pings;
    }

    /** Whether the message whose bytes were handed out last was a text message. */
    boolean text() {
        return text;
    }

    /** Whether the last bytes handed out ended their message (the next read returns {@link #END}). */
    boolean atMessageEnd() {
        return endPending;
    }

    /** Takes the pending {@link #END}, for a caller that marks the end itself. */
    void takeEnd() {
        endPending = false;
    }

    /**
     * Payload bytes of the current data message into {@code dst} (at least one, as many as are
     * at hand), or {@link #END}, {@link #CLOSED} or {@link #VANISHED}. {@code idle}, if not null,
     * limits each wait for the network.
     */
    int read(ByteBuffer dst, Duration idle) throws IOException {
        while (true) {
            if (left > 0) {
                if (!in.hasRemaining() && !text && dst.remaining() >= DIRECT_READ) return readDirect(dst, idle);
                if (!in.hasRemaining() && !fill(idle)) return VANISHED;
                int n = (int) Math.min(left, Math.min(in.remaining(), dst.remaining()));
                if (n == 0) return 0;
                int p = in.position();
                if (masked) Mask.apply(in, p, n, maskKey, maskPhase);
                maskPhase = (maskPhase + n) & 3;
                if (text && !utf8.feed(in, p, n)) {
                    throw new WsProtocolException(1007, "a text message is not UTF-8");
                }
                dst.put(dst.position(), in, p, n).position(dst.position() + n);
                in.position(p + n);
                left -= n;
                if (left == 0 && fin) endMessage();
                return n;
            }
            if (endPending) {
                endPending = false;
                return END;
            }
            int r = nextFrame(idle);
            if (r != 0) return r;
        }
    }

    /**
     * A binary payload straight into the reader's buffer, unmasked there: bulk data is copied once
     * less, and read in the reader's (bigger) pieces.
     */
    private int readDirect(ByteBuffer dst, Duration idle) throws IOException {
        int at = dst.position();
        ByteBuffer slice = dst.slice(at, (int) Math.min(left, dst.remaining()));
        int r = idle == null ? under.read(slice) : under.read(slice, idle);
        if (r < 0) return VANISHED;
        if (masked) Mask.apply(dst, at, r, maskKey, maskPhase);
        maskPhase = (maskPhase + r) & 3;
        dst.position(at + r);
        left -= r;
        if (left == 0 && fin) endMessage();
        return r;
    }

    private void endMessage() throws WsProtocolException {
        inMessage = false;
        if (text && !utf8.complete()) throw new WsProtocolException(1007, "a text message is not UTF-8");
        endPending = true;
    }

    /** Reads one frame header (and a control frame whole); 0 when a data frame's payload follows. */
    private int nextFrame(Duration idle) throws IOException {
        if (!need(2, idle)) return VANISHED;
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        if ((b0 & 0x70) != 0) throw new WsProtocolException(1002, "a frame has reserved bits set (no extension was agreed)");
        int op = b0 & 0x0F;
        boolean finBit = (b0 & 0x80) != 0;
        boolean maskBit = (b1 & 0x80) != 0;
        if (maskBit != expectMasked) {
            throw new WsProtocolException(1002, expectMasked ? "a client sent an unmasked frame" : "a server sent a masked frame");
        }
        long len = b1 & 0x7F;
        if (len == 126) {
            if (!need(2, idle)) return VANISHED;
            len = in.getShort() & 0xFFFF;
        } else if (len == 127) {
            if (!need(8, idle)) return VANISHED;
            len = in.getLong();
            if (len < 0) throw new WsProtocolException(1002, "a frame length has its top bit set");
        }
        int key = 0;
        if (maskBit) {
            if (!need(4, idle)) return VANISHED;
            key = in.getInt();
        }
        if ((op & 0x08) != 0) return control(op, finBit, len, key, maskBit, idle);
        if (op == OP_CONT) {
            if (!inMessage) throw new WsProtocolException(1002, "a continuation frame without a message to continue");
        } else if (op == OP_TEXT || op == OP_BINARY) {
            if (inMessage) throw new WsProtocolException(1002, "a new message began before the last one ended");
            inMessage = true;
            text = op == OP_TEXT;
            utf8.reset();
            messageSize = 0;
        } else {
            throw new WsProtocolException(1002, "unknown opcode " + op);
        }
        messageSize += len;
        if (messageSize > maxMessage) {
            throw new WsProtocolException(1009, "a message is larger than " + maxMessage + " bytes");
        }
        left = len;
        fin = finBit;
        masked = maskBit;
        maskKey = key;
        maskPhase = 0;
        if (len == 0 && fin) endMessage();
        return 0;
    }

    /** A ping, pong or close frame, read whole (at most 125 bytes). */
    private int control(int op, boolean finBit, long len, int key, boolean maskBit, Duration idle) throws IOException {
        if (op != OP_CLOSE && op != OP_PING && op != OP_PONG) throw new WsProtocolException(1002, "unknown opcode " + op);
        if (!finBit) throw new WsProtocolException(1002, "a fragmented control frame");
        if (len > 125) throw new WsProtocolException(1002, "a control frame longer than 125 bytes");
        int n = (int) len;
        if (!need(n, idle)) return VANISHED;
        int p = in.position();
        if (maskBit) Mask.apply(in, p, n, key, 0);
        byte[] payload = new byte[n];
        in.get(payload);
        if (op == OP_PING) {
            pings.ping(payload);
            return 0;
        }
        if (op == OP_PONG) return 0;
        if (n == 1) throw new WsProtocolException(1002, "a Close frame with a one-byte body");
        if (n >= 2) {
            int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
            if (!validCloseCode(code)) throw new WsProtocolException(1002, "a Close frame with code " + code);
            if (!Utf8Check.valid(payload, 2, n - 2)) throw new WsProtocolException(1007, "a Close frame's reason is not UTF-8");
            closeCode = code;
            closeReason = new String(payload, 2, n - 2, StandardCharsets.UTF_8);
        }
        return CLOSED;
    }

    /** Codes a peer may send (RFC 6455 7.4 and IANA's registry); 1005, 1006 and 1015 are never sent. */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** Makes {@code n} bytes readable in {@code in}; false at EOF. */
    private boolean need(int n, Duration idle) throws IOException {
        while (in.remaining() < n) {
            if (!fill(idle)) return false;
        }
        return true;
    }

    private boolean fill(Duration idle) throws IOException {
        in.compact();
        try {
            int r = idle == null ? under.read(in) : under.read(in, idle);
            if (r < 0) return false;
        } finally {
            in.flip();
        }
        return true;
    }
}
