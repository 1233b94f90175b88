package jnc.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * gunzip, with each member's CRC and length checked. Unlike the JDK's GZIPInputStream it does not
 * wait for more bytes after a member to see whether another follows (it looks only at what has
 * arrived): a plain {@code tar c | gzip | nc} keeps its connection open after its last byte.
 */
final class GzipDecoder extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long size;
    private boolean done;

    GzipDecoder(InputStream in) throws IOException {
        this.in = in;
        header();
    }

    private int byteOf() throws IOException {
        if (pos == lim) {
            lim = in.read(buf, 0, buf.length);
            pos = 0;
            if (lim <= 0) {
                lim = 0;
                throw new EOFException("the gzip stream is truncated");
            }
        }
        return buf[pos++] & 0xff;
    }

    private void header() throws IOException {
        if (byteOf() != 0x1f || byteOf() != 0x8b) throw new ZipException("not in gzip format");
        if (byteOf() != 8) throw new ZipException("unsupported gzip compression method");
        int flags = byteOf();
        for (int i = 0; i < 6; i++) byteOf(); // mtime, xfl, os
        if ((flags & 4) != 0) {
            int len = byteOf() | byteOf() << 8;
            for (int i = 0; i < len; i++) byteOf();
        }
        if ((flags & 8) != 0) while (byteOf() != 0) { /* file name */ }
        if ((flags & 16) != 0) while (byteOf() != 0) { /* comment */ }
        if ((flags & 2) != 0) {
            byteOf();
            byteOf();
        }
        inflater.reset();
        crc.reset();
        size = 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!done) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt gzip data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
                return n;
            }
            if (inflater.finished()) {
                trailer();
                continue;
            }
            if (inflater.needsDictionary()) throw new ZipException("corrupt gzip data");
            if (inflater.needsInput()) {
                if (pos == lim) {
                    lim = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (lim <= 0) {
                        lim = 0;
                        throw new EOFException("the gzip stream is truncated");
                    }
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
        }
        return -1;
    }

    private void trailer() throws IOException {
        // What the inflater did not use is ours again: the trailer and anything after it.
        pos = lim - inflater.getRemaining();
        long c = 0;
        long s = 0;
        for (int i = 0; i < 4; i++) c |= (long) byteOf() << (8 * i);
        for (int i = 0; i < 4; i++) s |= (long) byteOf() << (8 * i);
        if (c != crc.getValue() || s != (size & 0xffffffffL)) throw new ZipException("the gzip stream is corrupt (CRC or length mismatch)");
        if (pos < lim && buf[pos] == 0x1f) {
            header(); // another member, already here
        } else {
            done = true;
        }
    }
}
