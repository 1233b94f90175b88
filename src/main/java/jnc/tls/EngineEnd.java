package jnc.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import jnc.io.NetEnd;

/**
 * A TLS connection as a {@link NetEnd}: an {@link SSLEngine} driven straight on the blocking TCP
 * channel, with whole 16 KiB records and no stream adapters. One thread reads while another
 * writes, as the relay does.
 *
 * <p>Why not an {@code SSLSocket} over the channel's socket adaptor (what jnc had first): it reads
 * each record with two system calls (its 5-byte header, then the body) through the adaptor's
 * stream, and writes each 16 KiB record with one. Here a read takes whatever the kernel holds, up
 * to {@link #NET_BUFFER} bytes (many records), and the records of one relay buffer leave in one
 * write (BENCHMARKS.md, "TLS throughput").
 *
 * <p>Memory: each direction holds at most {@link #NET_BUFFER} bytes of records, plus one record's
 * plaintext on the reading side; each starts at one record and grows on the first full use.
 *
 * <p>It has no file descriptor to offer ({@link #socket()} is null, {@link #fd()} -1): the bytes
 * on the wire are encrypted, so sendfile and splice cannot be used.
 */
final class EngineEnd implements NetEnd {
    /** The most record bytes held per direction: sixteen full records, a relay buffer's worth. */
    static final int NET_BUFFER = 16 * (16 * 1024 + 512);

    private final SSLEngine engine;
    private final SocketChannel tcp;
    /** Records read from the socket and not yet decrypted; between reads it is in read mode (flipped). */
    private ByteBuffer netIn;
    /** Plaintext decrypted but not yet handed out (a reader that asked for less than a record); read mode. */
    private final ByteBuffer appIn;
    /** Records made and not yet written; empty between writes. Guarded by {@link #writeLock}. */
    private ByteBuffer netOut;
    private final Object writeLock = new Object();
    /** The socket adaptor's stream, the one place the JDK honours a read timeout (SO_TIMEOUT); made on first use. */
    private InputStream timed;
    private byte[] timedBuf;
    private volatile boolean closed;
    private boolean inboundDone;

    EngineEnd(SSLEngine engine, SocketChannel tcp) {
        this.engine = engine;
        this.tcp = tcp;
        SSLSession s = engine.getSession();
        this.netIn = buffer(s.getPacketBufferSize()).flip();
        this.appIn = buffer(s.getApplicationBufferSize()).flip();
        this.netOut = buffer(s.getPacketBufferSize());
    }

    /**
     * Shakes hands on the blocking channel: waits at most {@code limit} for each of the peer's
     * flights ({@code null}: as long as it takes). What the peer sent after its last flight
     * (application data, a TLS 1.3 ticket) stays in the buffer for the first {@link #read}.
     */
    void handshake(Duration limit) throws IOException {
        engine.beginHandshake();
        ByteBuffer none = ByteBuffer.allocate(0);
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_WRAP -> {
                    synchronized (writeLock) {
                        SSLEngineResult r = engine.wrap(none, netOut);
                        flush();
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new SSLException("Connection closed during the handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r;
                    try {
                        r = engine.unwrap(netIn, appIn.compact());
                    } finally {
                        appIn.flip();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        if (fill(limit) < 0) throw new SSLException("Remote host terminated the handshake");
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("Remote host terminated the handshake");
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    return; // FINISHED or NOT_HANDSHAKING
                }
            }
        }
    }

    SSLEngine engine() {
        return engine;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, null);
    }

    /**
     * Hands out decrypted bytes: what is left of a record first, else as many whole records as
     * {@code dst} holds from what the socket has, reading the socket only when no whole record
     * is there. -1 once the peer said close_notify (or closed TCP after a finished session).
     */
    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        try {
            if (appIn.hasRemaining()) return moveTo(appIn, dst);
            if (inboundDone) return -1;
            int start = dst.position();
            while (true) {
                boolean direct = dst.remaining() >= appIn.capacity();
                SSLEngineResult r = engine.unwrap(netIn, direct ? dst : appIn.compact());
                if (!direct) appIn.flip();
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) runTasks();
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) answer();
                switch (r.getStatus()) {
                    case OK -> {
                        if (!direct && appIn.hasRemaining()) return dst.position() - start + moveTo(appIn, dst);
                        // on with the next whole record, while there is room for one
                        if (dst.position() > start && (!netIn.hasRemaining() || dst.remaining() < appIn.capacity())) {
                            return dst.position() - start;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (dst.position() > start) return dst.position() - start; // hand out what we have before blocking
                        if (fill(idle) < 0) {
                            inboundDone = true;
                            return -1; // TCP's FIN without close_notify: the peer went away (TLS 1.2 truncation is its risk, as in Ncat)
                        }
                    }
                    case CLOSED -> {
                        inboundDone = true;
                        int n = dst.position() - start;
                        return n > 0 ? n : -1;
                    }
                    case BUFFER_OVERFLOW -> throw new SSLException("record larger than the session allows");
                }
            }
        } catch (IOException e) {
            // close() woke us (JSSE may wrap that in an SSLException): the session is over, not failed
            if (closed) throw new AsynchronousCloseException();
            throw e;
        }
    }

    /**
     * Encrypts {@code src} into records, as many as fit the buffer, and writes them all before it
     * returns. Synchronized on one lock: the relay's sender and, with {@code -t} or a TLS 1.3 key
     * update, the reader both write.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (writeLock) {
            int start = src.position();
            try {
                if (src.remaining() > netOut.capacity() && netOut.capacity() < NET_BUFFER) netOut = buffer(NET_BUFFER);
                int record = engine.getSession().getPacketBufferSize();
                while (src.hasRemaining() && netOut.remaining() >= record) {
                    SSLEngineResult r = engine.wrap(src, netOut);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw new SSLException("Connection closed");
                    if (r.getStatus() != SSLEngineResult.Status.OK) break;
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) runTasks();
                }
                flush();
            } catch (IOException e) {
                if (closed) throw new AsynchronousCloseException();
                throw e;
            }
            return src.position() - start;
        }
    }

    /**
     * Sends TLS's close_notify and then TCP's FIN. In TLS 1.3 close_notify closes only our
     * direction, so the peer's data still arrives (RFC 8446, 6.1); a TLS 1.2 peer answers with its
     * own close_notify and the session ends.
     */
    @Override
    public void shutdownOutput() throws IOException {
        synchronized (writeLock) {
            engine.closeOutbound();
            ByteBuffer none = ByteBuffer.allocate(0);
            while (!engine.isOutboundDone()) {
                SSLEngineResult r = engine.wrap(none, netOut);
                flush();
                if (r.bytesProduced() == 0 && r.getStatus() != SSLEngineResult.Status.OK) break;
            }
            flush();
            tcp.shutdownOutput();
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return NetEnd.addressOrNull(tcp::getRemoteAddress);
    }

    @Override
    public SocketAddress localAddress() {
        return NetEnd.addressOrNull(tcp::getLocalAddress);
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Closes the TCP socket, which wakes a thread blocked in {@link #read} or {@link #write} at once. */
    @Override
    public void close() throws IOException {
        closed = true;
        tcp.close();
    }

    // ---------------------------------------------------------------------------------------

    /** What the engine must say of itself while reading: a TLS 1.2 close_notify's answer, a TLS 1.3 KeyUpdate's. */
    private void answer() throws IOException {
        synchronized (writeLock) {
            ByteBuffer none = ByteBuffer.allocate(0);
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = engine.wrap(none, netOut);
                flush();
                if (r.bytesProduced() == 0) break;
            }
        }
    }

    /** Reads more records from the socket behind what {@link #netIn} still holds; -1 at EOF. */
    private int fill(Duration idle) throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                // Full, without a whole record in it: only the first, small buffer can be (JSSE
                // refuses a record longer than TLS allows as soon as it reads its header).
                if (netIn.capacity() >= NET_BUFFER) throw new SSLException("a TLS record longer than " + NET_BUFFER + " bytes");
                netIn = buffer(NET_BUFFER).put(netIn.flip());
            }
            int n = idle == null ? tcp.read(netIn) : timedRead(idle);
            if (n < 0 && closed) throw new AsynchronousCloseException();
            // A read that filled the small first buffer: bulk is coming, take many records per read.
            if (n > 0 && !netIn.hasRemaining() && netIn.capacity() < NET_BUFFER) {
                netIn = buffer(NET_BUFFER).put(netIn.flip());
            }
            return n;
        } finally {
            netIn.flip();
        }
    }

    private int timedRead(Duration idle) throws IOException {
        if (timed == null) {
            timed = tcp.socket().getInputStream();
            timedBuf = new byte[netIn.capacity()];
        }
        tcp.socket().setSoTimeout(NetEnd.timeoutMillis(idle));
        int n = timed.read(timedBuf, 0, Math.min(timedBuf.length, netIn.remaining()));
        if (n > 0) netIn.put(timedBuf, 0, n);
        return n;
    }

    /** Writes every record in {@link #netOut} and empties it. */
    private void flush() throws IOException {
        netOut.flip();
        try {
            while (netOut.hasRemaining()) {
                if (tcp.write(netOut) < 0) throw new ClosedChannelException();
            }
        } finally {
            netOut.clear();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    /**
     * Heap buffers, not direct ones: JSSE encrypts and decrypts the records in place, and its
     * AES-GCM intrinsic works on arrays; over a direct buffer it goes through copies. In one
     * thread wrapping and unwrapping TLS 1.3 records: 3,050 MiB per CPU second with heap
     * buffers against 2,100 with direct ones (BENCHMARKS.md, "TLS"). The socket's read and write
     * then copy through the JDK's cached direct buffer, which costs much less.
     */
    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size);
    }

    private static int moveTo(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer slice = from.slice(from.position(), n);
        to.put(slice);
        from.position(from.position() + n);
        return n;
    }
}
