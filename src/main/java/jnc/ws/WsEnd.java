package jnc.ws;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import jnc.base.Diag;
import jnc.io.NetEnd;

/**
 * A WebSocket connection as a {@link NetEnd}, layered over a connected (or TLS) end after the
 * handshake, so every service that takes a network end works over WebSocket unchanged.
 *
 * <p>Two ways to map bytes to messages:
 * <ul>
 * <li>lines (the default): each line written is one text message (without its newline); each
 *     message received is read with a newline after it (a binary one too, so that a line-minded
 *     service passes it on). A line that is not UTF-8 goes out as a binary message; a line longer
 *     than {@link #FRAGMENT} goes out in fragments, so no line is held whole.</li>
 * <li>binary ({@code --binary}): each write is one binary message, and every message is read as its
 *     bytes, nothing added.</li>
 * </ul>
 * {@link #shutdownOutput} sends a Close frame (1000) and reading goes on until the peer's Close;
 * a Close from the peer is answered at once and reads as EOF. A Close ends both directions (there
 * is no half-close in RFC 6455), so a server whose stdin ends sends none and keeps receiving until
 * the client closes, as {@code jnc -l > file < /dev/null} does over TCP; a server whose service
 * ends ({@code -e}, {@code --echo}) closes.
 */
public final class WsEnd implements NetEnd {
    /** A line longer than this is sent in fragments as it comes. */
    static final int FRAGMENT = 64 * 1024;
    private static final byte[] NORMAL_CLOSE = {0x03, (byte) 0xE8};

    private final NetEnd under;
    private final FrameReader frames;
    private final FrameWriter writer;
    private final boolean lines;
    private final String peerName;
    private volatile boolean closeAtShutdown = true;

    private volatile boolean closeSent;
    private volatile boolean closed;
    private boolean eof;
    private boolean newlinePending;

    /** The line being written; {@code fragmenting} once a first fragment of it has gone out. */
    private byte[] line = new byte[256];
    private int lineLen;
    private boolean fragmenting;
    private final Utf8Check lineUtf8 = new Utf8Check();

    WsEnd(NetEnd under, ByteBuffer leftover, boolean client, boolean lines, long maxMessage, long seed, String peerName) {
        this.under = under;
        this.lines = lines;
        this.peerName = peerName;
        this.writer = new FrameWriter(under, client, seed);
        this.frames = new FrameReader(under, leftover, !client, maxMessage, this::pong);
    }

    /** Whether {@link #shutdownOutput} sends a Close (it does unless told otherwise). */
    void closeAtShutdown(boolean close) {
        closeAtShutdown = close;
    }

    private void pong(byte[] payload) throws IOException {
        Diag.debug("WebSocket: a ping from " + peerName + ", answered");
        if (!closeSent) writer.send(FrameReader.OP_PONG, true, payload, 0, payload.length);
    }

    /** Sends a ping (for {@code --ping-interval}); false once the connection is closing. */
    boolean ping() throws IOException {
        if (closeSent || closed) return false;
        writer.send(FrameReader.OP_PING, true, new byte[0], 0, 0);
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, null);
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        if (eof) return -1;
        if (!dst.hasRemaining()) return 0;
        try {
            while (true) {
                if (newlinePending) {
                    newlinePending = false;
                    dst.put((byte) '\n');
                    return 1;
                }
                int r = frames.read(dst, idle);
                if (r > 0) {
                    if (lines && frames.atMessageEnd()) {
                        frames.takeEnd();
                        if (dst.hasRemaining()) {
                            dst.put((byte) '\n');
                            r++;
                        } else {
                            newlinePending = true;
                        }
                    }
                    return r;
                }
                if (r == FrameReader.END) {
                    if (lines) newlinePending = true; // an empty message is an empty line
                    continue;
                }
                if (r == FrameReader.CLOSED) return peerClosed();
                if (r == FrameReader.VANISHED) {
                    eof = true;
                    if (!closed) Diag.verbose("jnc: WebSocket: " + peerName + " closed the connection without a Close frame (1006).");
                    return -1;
                }
            }
        } catch (WsProtocolException e) {
            sendClose(e.code, e.getMessage());
            throw new IOException("WebSocket: " + e.getMessage() + " (closed with " + e.code + ")");
        } catch (IOException e) {
            if (closed) throw new AsynchronousCloseException();
            throw e;
        }
    }

    private int peerClosed() throws IOException {
        eof = true;
        Diag.verbose("jnc: WebSocket closed by " + peerName + ": " + frames.closeCode
                + (frames.closeReason.isEmpty() ? "" : " " + jnc.base.Printable.of(frames.closeReason)));
        if (!closeSent) {
            // Echo the code, as RFC 6455 5.5.1 suggests; 1005 ("none given") is never sent, so answer with no body.
            byte[] body = frames.closeCode == 1005 ? new byte[0] : new byte[] {(byte) (frames.closeCode >> 8), (byte) frames.closeCode};
            sendCloseFrame(body);
        }
        return -1;
    }

    /** Closes with {@code code} and a reason (cut to fit a control frame), unless a Close went out already. */
    private void sendClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + Math.min(r.length, 120)];
        body[0] = (byte) (code >> 8);
        body[1] = (byte) code;
        System.arraycopy(r, 0, body, 2, body.length - 2);
        if (!Utf8Check.valid(body, 2, body.length - 2)) body = Arrays.copyOf(body, 2);
        try {
            sendCloseFrame(body);
        } catch (IOException ignored) {
            // the connection is failing anyway
        }
    }

    private void sendCloseFrame(byte[] body) throws IOException {
        synchronized (this) {
            if (closeSent) return;
            closeSent = true;
        }
        writer.send(FrameReader.OP_CLOSE, true, body, 0, body.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (closeSent) throw new ClosedChannelException();
        int n = src.remaining();
        try {
            if (!lines) {
                writer.send(FrameReader.OP_BINARY, true, src);
                return n;
            }
            synchronized (this) {
                takeLines(src);
            }
        } catch (IOException e) {
            if (closed) throw new AsynchronousCloseException();
            throw e;
        }
        return n;
    }

    /** Sends each complete line as a message and keeps the rest (sending it in fragments when long). */
    private void takeLines(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int start = src.position();
            int nl = -1;
            for (int i = start; i < src.limit(); i++) {
                if (src.get(i) == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? src.limit() : nl;
            append(src, start, end - start);
            src.position(nl < 0 ? end : nl + 1);
            if (nl >= 0) {
                sendLine(true);
            } else if (lineLen >= FRAGMENT) {
                sendLine(false);
            }
        }
    }

    private void append(ByteBuffer src, int from, int n) {
        if (lineLen + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        src.get(from, line, lineLen, n);
        lineLen += n;
    }

    /** Sends the line so far: whole ({@code fin}) or as one more fragment of a long line. */
    private void sendLine(boolean fin) throws IOException {
        boolean utf8 = lineUtf8.feed(line, 0, lineLen) && (!fin || lineUtf8.complete());
        int op;
        if (fragmenting) {
            op = FrameReader.OP_CONT;
        } else {
            // A line that is not UTF-8 cannot be a text message; as binary it arrives intact.
            op = utf8 ? FrameReader.OP_TEXT : FrameReader.OP_BINARY;
        }
        writer.send(op, fin, line, 0, lineLen);
        lineLen = 0;
        fragmenting = !fin;
        if (fin) lineUtf8.reset();
        if (line.length > FRAGMENT) line = new byte[256]; // a long line does not keep its buffer
    }

    /** Sends what is left of a line, then a Close frame (1000) if this end closes at shutdown; reading goes on until the peer's Close. */
    @Override
    public void shutdownOutput() throws IOException {
        synchronized (this) {
            if (closeSent) return;
            if (lineLen > 0 || fragmenting) sendLine(true);
        }
        if (closeAtShutdown) sendCloseFrame(NORMAL_CLOSE);
    }

    /** After the peer's Close nothing more may be sent (RFC 6455 5.5.1). */
    @Override
    public boolean sendsAfterEof() {
        return false;
    }

    @Override
    public SocketAddress remoteAddress() {
        return under.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return under.localAddress();
    }

    @Override
    public boolean isOpen() {
        return !closed && under.isOpen();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        under.close();
    }
}
