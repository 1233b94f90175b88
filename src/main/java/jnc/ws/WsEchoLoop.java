package jnc.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jnc.base.Diag;
import jnc.cli.WsOptions;
import jnc.base.IoErrors;
import jnc.net.StreamListener;
import jnc.io.Counters;
import jnc.door.Door;
import jnc.door.LoopAcceptor;

/**
 * One selector serving many WebSocket echo clients (see {@link WsEcho}). Each client is read
 * into the loop's one input buffer, its frames are parsed there, unmasked in place, checked, and
 * echoed into the loop's one output buffer, which is written at once. What a read leaves of a
 * frame header or a control frame is kept for the client ({@link Client#carry}, at most 131
 * bytes); a data frame's payload is echoed as far as it has come, as a fragment. A client that
 * does not take its echo keeps the rest for itself and is not read until it took it (as in the
 * plain echo loop), so memory stays one buffer per loop plus what slow clients left.
 */
final class WsEchoLoop implements Runnable {
    private static final int BUFFER = 64 * 1024;

    /** A client and where its frames stand. */
    private static final class Client {
        final SocketChannel channel;
        SelectionKey key;
        /** The handshake so far; null once it is done. */
        byte[] head = new byte[0];
        byte[] carry;
        int carryLen;
        ByteBuffer unsent;
        boolean closeAfterUnsent;
        // the data frame under way
        long left;
        boolean fin;
        int maskKey;
        int phase;
        boolean inMessage;
        boolean text;
        boolean firstOut;
        long messageSize;
        final Utf8Check utf8 = new Utf8Check();

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** A broken frame: answered with this close code, then the connection ends. */
    private static final class Broken extends Exception {
        final int code;

        Broken(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final Selector selector;
    private final StreamListener listener;
    private final LoopAcceptor acceptor;
    private final LoopAcceptor.Clients onClient = this::add;
    private final Door door;
    private final WsOptions ws;
    private final Counters counters;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER);
    /** Never fills: an echo is never longer than what was read, plus a header per piece (see {@link #process}). */
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER + 512);
    private final Consumer<SelectionKey> onReady = this::ready;

    WsEchoLoop(StreamListener listener, Door door, WsOptions ws, Counters counters) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.door = door;
        this.ws = ws;
        this.counters = counters;
        this.acceptor = new LoopAcceptor(listener, door, selector);
    }

    @Override
    public void run() {
        try {
            while (listener.channel().isOpen()) {
                long wait = acceptor.nanosToResume(System.nanoTime()); // accepting pauses after EMFILE
                selector.select(onReady, wait == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1));
                acceptor.resumeIfDue(System.nanoTime());
            }
        } catch (IOException e) {
            Diag.error("echo: " + IoErrors.describe(e));
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void ready(SelectionKey key) {
        if (acceptor.owns(key)) {
            acceptor.acceptSome(onClient);
            return;
        }
        Client c = (Client) key.attachment();
        try {
            if (c.unsent != null) {
                if (key.isWritable()) writeRest(c);
            } else if (key.isReadable()) {
                readSome(c);
            }
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
            close(c);
        }
    }

    private void readSome(Client c) throws IOException {
        in.clear();
        if (c.carryLen > 0) in.put(c.carry, 0, c.carryLen);
        int carried = c.carryLen;
        c.carryLen = 0;
        int n = c.channel.read(in);
        if (n < 0) { // gone without a Close (or after ours)
            close(c);
            return;
        }
        if (n == 0 && carried == 0) return;
        counters.addReceived(Math.max(0, n));
        in.flip();
        out.clear();
        boolean open = true;
        try {
            if (c.head != null) open = handshake(c);
            if (open && c.head == null) open = process(c);
        } catch (Broken b) {
            Diag.debug("echo: WebSocket: " + b.getMessage() + " (closed with " + b.code + ")");
            closeFrame(b.code, b.getMessage().getBytes(StandardCharsets.UTF_8));
            open = false;
        }
        out.flip();
        if (out.hasRemaining()) {
            counters.addSent(c.channel.write(out));
            if (out.hasRemaining()) {
                c.unsent = ByteBuffer.allocate(out.remaining()).put(out).flip();
                c.closeAfterUnsent = !open;
                c.key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        if (!open) close(c);
    }

    private void writeRest(Client c) throws IOException {
        counters.addSent(c.channel.write(c.unsent));
        if (c.unsent.hasRemaining()) return;
        c.unsent = null;
        if (c.closeAfterUnsent) {
            close(c);
            return;
        }
        c.key.interestOps(SelectionKey.OP_READ);
        if (c.carryLen > 0 || c.left > 0) readSome(c); // a whole frame may be waiting in the carry; the socket may have more
    }

    /** Gathers the client's handshake; answers it once complete. False when the connection is to end. */
    private boolean handshake(Client c) {
        int n = in.remaining();
        byte[] head = Arrays.copyOf(c.head, c.head.length + n);
        in.get(head, c.head.length, n);
        c.head = head;
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        try {
            if (end < 0) {
                if (!WsServer.couldBeRequest(text)) throw new HttpHead.BadHead(400, "not an HTTP request");
                if (head.length > HttpHead.MAX_HEAD) throw new HttpHead.BadHead(431, "HTTP head too long");
                return true;
            }
            HttpHead h = HttpHead.parse(text.substring(0, end));
            String[] line = h.startLine.split(" ");
            if (line.length != 3 || !line[2].startsWith("HTTP/1.")) throw new HttpHead.BadHead(400, "not an HTTP request");
            if (!h.hasToken("upgrade", "websocket")) throw new HttpHead.BadHead(400, "an HTTP request without 'Upgrade: websocket'");
            out.put(WsServer.upgradeReply(h, line, ws, true).getBytes(StandardCharsets.ISO_8859_1));
        } catch (HttpHead.BadHead e) {
            String body = e.status + " " + WsServer.reason(e.status) + ": this port speaks WebSocket (RFC 6455).\n";
            out.put(("HTTP/1.1 " + e.status + " " + WsServer.reason(e.status) + "\r\n" + e.fields
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            Diag.verbose("jnc: WebSocket: " + e.getMessage() + " (HTTP " + e.status + " sent).");
            return false;
        }
        c.head = null;
        in.position(end + 4 - (head.length - n)); // frames sent right after the head follow in the buffer
        c.firstOut = true;
        return true;
    }

    /**
     * Echoes the frames in {@link #in}. Each byte read becomes at most one byte out plus, per
     * frame or piece of one, a header of at most 4 bytes (10 for one piece that fills the whole
     * buffer) where the client's frame had at least 6: {@link #out} cannot overflow. False once the connection is to end.
     */
    private boolean process(Client c) throws Broken {
        while (true) {
            if (c.left > 0) {
                if (!in.hasRemaining()) return true;
                int n = (int) Math.min(c.left, in.remaining());
                int p = in.position();
                Mask.apply(in, p, n, c.maskKey, c.phase);
                c.phase = (c.phase + n) & 3;
                if (c.text && !c.utf8.feed(in.array(), p, n)) throw new Broken(1007, "a text message is not UTF-8");
                c.left -= n;
                boolean last = c.left == 0 && c.fin;
                if (last && c.text && !c.utf8.complete()) throw new Broken(1007, "a text message is not UTF-8");
                dataFrame(c, last, p, n);
                in.position(p + n);
                if (last) c.inMessage = false;
                continue;
            }
            int start = in.position();
            int avail = in.remaining();
            if (avail < 2) return keep(c, start);
            int b0 = in.get(start) & 0xFF;
            int b1 = in.get(start + 1) & 0xFF;
            int len7 = b1 & 0x7F;
            int headLen = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
            if ((b0 & 0x70) != 0) throw new Broken(1002, "a frame has reserved bits set (no extension was agreed)");
            if ((b1 & 0x80) == 0) throw new Broken(1002, "a client sent an unmasked frame");
            int op = b0 & 0x0F;
            boolean finBit = (b0 & 0x80) != 0;
            boolean control = (op & 0x08) != 0;
            if (control && len7 > 125) throw new Broken(1002, "a control frame longer than 125 bytes");
            if (avail < headLen) return keep(c, start);
            long len = len7 == 126 ? in.getShort(start + 2) & 0xFFFF : len7 == 127 ? in.getLong(start + 2) : len7;
            if (len < 0) throw new Broken(1002, "a frame length has its top bit set");
            int key = in.getInt(start + headLen - 4);
            if (control) {
                if (avail < headLen + len) return keep(c, start);
                if (!control(c, op, finBit, start + headLen, (int) len, key)) return false;
                in.position(start + headLen + (int) len);
                continue;
            }
            if (op == FrameReader.OP_CONT) {
                if (!c.inMessage) throw new Broken(1002, "a continuation frame without a message to continue");
            } else if (op == FrameReader.OP_TEXT || op == FrameReader.OP_BINARY) {
                if (c.inMessage) throw new Broken(1002, "a new message began before the last one ended");
                c.inMessage = true;
                c.text = op == FrameReader.OP_TEXT;
                c.utf8.reset();
                c.messageSize = 0;
                c.firstOut = true;
            } else {
                throw new Broken(1002, "unknown opcode " + op);
            }
            c.messageSize += len;
            if (c.messageSize > ws.maxMessage()) throw new Broken(1009, "a message is larger than " + ws.maxMessage() + " bytes");
            in.position(start + headLen);
            c.left = len;
            c.fin = finBit;
            c.maskKey = key;
            c.phase = 0;
            if (len == 0 && finBit) { // an empty last frame ends the message here
                if (c.text && !c.utf8.complete()) throw new Broken(1007, "a text message is not UTF-8");
                dataFrame(c, true, in.position(), 0);
                c.inMessage = false;
            }
        }
    }

    /** Keeps the bytes from {@code start} on for the client's next read (a frame header, or a control frame, cut off). */
    private boolean keep(Client c, int start) {
        int n = in.limit() - start;
        if (c.carry == null) c.carry = new byte[256];
        in.get(start, c.carry, 0, n);
        c.carryLen = n;
        in.position(in.limit());
        return true;
    }

    /** The echo of {@code n} payload bytes at {@code from}: the first piece of a message has its opcode, the others continue it. */
    private void dataFrame(Client c, boolean last, int from, int n) {
        int op = !c.firstOut ? FrameReader.OP_CONT : ws.binary() ? FrameReader.OP_BINARY : c.text ? FrameReader.OP_TEXT : FrameReader.OP_BINARY;
        c.firstOut = last;
        header(op, last, n);
        out.put(out.position(), in, from, n).position(out.position() + n);
    }

    private void header(int op, boolean fin, int n) {
        out.put((byte) ((fin ? 0x80 : 0) | op));
        if (n < 126) {
            out.put((byte) n);
        } else if (n <= 0xFFFF) {
            out.put((byte) 126).putShort((short) n);
        } else {
            out.put((byte) 127).putLong(n); // a whole buffer of payload: 65,536 bytes
        }
    }

    /** A ping is answered, a pong ignored, a Close answered and the connection ended. */
    private boolean control(Client c, int op, boolean fin, int at, int n, int key) throws Broken {
        if (op != FrameReader.OP_CLOSE && op != FrameReader.OP_PING && op != FrameReader.OP_PONG) throw new Broken(1002, "unknown opcode " + op);
        if (!fin) throw new Broken(1002, "a fragmented control frame");
        Mask.apply(in, at, n, key, 0);
        if (op == FrameReader.OP_PING) {
            header(FrameReader.OP_PONG, true, n);
            out.put(out.position(), in, at, n).position(out.position() + n);
            return true;
        }
        if (op == FrameReader.OP_PONG) return true;
        if (n == 1) throw new Broken(1002, "a Close frame with a one-byte body");
        if (n == 0) {
            header(FrameReader.OP_CLOSE, true, 0);
            return false;
        }
        int code = (in.get(at) & 0xFF) << 8 | (in.get(at + 1) & 0xFF);
        if (!FrameReader.validCloseCode(code)) throw new Broken(1002, "a Close frame with code " + code);
        if (!Utf8Check.valid(in.array(), at + 2, n - 2)) throw new Broken(1007, "a Close frame's reason is not UTF-8");
        closeFrame(code, new byte[0]);
        return false;
    }

    private void closeFrame(int code, byte[] reason) {
        int r = Math.min(reason.length, 120);
        if (!Utf8Check.valid(reason, 0, r)) r = 0;
        if (out.remaining() < 4 + r) return;
        header(FrameReader.OP_CLOSE, true, 2 + r);
        out.putShort((short) code).put(reason, 0, r);
    }

    /** A client the acceptor admitted, registered for reading; its handshake comes first. */
    private void add(SocketChannel client) throws IOException {
        Client c = new Client(client);
        c.key = client.register(selector, SelectionKey.OP_READ, c);
    }

    private void close(Client c) {
        c.unsent = null;
        try {
            c.channel.close();
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
        }
        door.release();
    }
}
