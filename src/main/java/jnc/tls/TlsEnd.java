package jnc.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import jnc.io.NetEnd;

/**
 * A TLS connection as a {@link NetEnd}: an {@link SSLSocket} layered over the connected TCP
 * channel. JSSE lets one thread read while another writes, which is all the relay needs.
 *
 * <p>It has no file descriptor to offer ({@link #socket()} is null, {@link #fd()} -1): the bytes
 * on the wire are encrypted, so sendfile and splice cannot be used.
 */
final class TlsEnd implements NetEnd {
    /** Larger than one TLS record (16 KiB of plaintext), so a read can take a whole record. */
    private static final int CHUNK = 32 * 1024;

    private final SSLSocket tls;
    private final SocketChannel tcp;
    private final InputStream in;
    private final OutputStream out;
    /** Each direction has its own array: the reading and the writing thread never share one. */
    private final byte[] readBuf = new byte[CHUNK];
    private final byte[] writeBuf = new byte[CHUNK];
    private volatile boolean closed;

    TlsEnd(SSLSocket tls, SocketChannel tcp) throws IOException {
        this.tls = tls;
        this.tcp = tcp;
        this.in = tls.getInputStream();
        this.out = tls.getOutputStream();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n;
        try {
            n = in.read(readBuf, 0, Math.min(readBuf.length, dst.remaining()));
        } catch (IOException e) {
            // close() woke us (JSSE may wrap that in an SSLException): the session is over, not failed
            if (closed) throw new AsynchronousCloseException();
            throw e;
        }
        if (n > 0) dst.put(readBuf, 0, n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        tls.setSoTimeout(NetEnd.timeoutMillis(idle));
        return read(dst);
    }

    /** Synchronized: the relay's sender and, with {@code -t}, its receiver (Telnet answers) both write, through one array. */
    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        int n = Math.min(writeBuf.length, src.remaining());
        src.get(writeBuf, 0, n);
        try {
            out.write(writeBuf, 0, n);
        } catch (IOException e) {
            if (closed) throw new AsynchronousCloseException();
            throw e;
        }
        return n;
    }

    /**
     * Sends TLS's close_notify and then TCP's FIN. In TLS 1.3 close_notify closes only our
     * direction, so the peer's data still arrives (RFC 8446, 6.1); a TLS 1.2 peer answers with its
     * own close_notify and the session ends.
     */
    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
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

    /**
     * Closes the TCP socket first: that wakes a thread blocked in {@link #read} or {@link #write}
     * at once. Closing the TLS socket first could wait forever for JSSE's send lock, held by a
     * sender whose peer stopped reading. An orderly end has already said close_notify in
     * {@link #shutdownOutput}; closing JSSE's side afterwards only frees it.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            tcp.close();
        } finally {
            try {
                tls.close();
            } catch (IOException ignored) {
                // the TCP socket is closed already; there is nobody left to tell
            }
        }
    }
}
