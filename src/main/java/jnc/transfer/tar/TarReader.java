package jnc.transfer.tar;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream (POSIX pax, ustar, GNU and v7 headers) one member at a time, with caps that
 * bound what a hostile sender can make us hold: names and link names of at most
 * {@link #MAX_NAME} bytes, pax headers of at most {@link #MAX_PAX} bytes, at most
 * {@link #MAX_ENTRIES} members. Content is streamed, never held.
 */
public final class TarReader {
    public static final int MAX_NAME = 4096;
    public static final int MAX_PAX = 1 << 20;
    public static final int MAX_ENTRIES = 1_000_000;

    private final InputStream in;
    private final byte[] block = new byte[TarWriter.BLOCK];
    private long remaining;
    private long padding;
    private int entries;
    private long consumed;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** Bytes of the tar stream read so far (headers, content and padding). */
    public long consumed() {
        return consumed;
    }

    /** The next member, a pax global header among them; {@code null} at the end-of-archive marker. */
    public TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock(true)) throw new TarFormatException("the stream ended without tar's end-of-archive marker");
            if (allZero()) return null;
            if (++entries > MAX_ENTRIES) throw new TarFormatException("more than " + MAX_ENTRIES + " members");
            checkSum();
            byte flag = block[156];
            long size = number(124, 12);
            if (size < 0) throw new TarFormatException("a negative member size");
            if (flag == 'x' || flag == 'g' || flag == 'X') {
                Map<String, String> records = paxRecords(bounded(size, MAX_PAX, "pax header"));
                if (flag == 'g') return new TarEntry("", TarEntry.Type.GLOBAL, 0, 0, 0, null, records);
                pax.putAll(records);
                continue;
            }
            if (flag == 'L' || flag == 'K') {
                String s = cString(bounded(size, MAX_NAME + 1, "GNU long name"));
                if (flag == 'L') longName = s; else longLink = s;
                continue;
            }
            for (String k : pax.keySet()) {
                if (k.startsWith("GNU.sparse.")) throw new TarFormatException("sparse members are not supported");
            }
            String name = pax.getOrDefault("path", longName);
            if (name == null) name = ustarName();
            String link = pax.getOrDefault("linkpath", longLink);
            if (link == null) link = field(157, 100);
            if (pax.containsKey("size")) size = paxNumber(pax.get("size"), "size");
            long mtime = pax.containsKey("mtime") ? paxNumber(pax.get("mtime"), "mtime") : number(136, 12);
            checkName(name, "name");
            checkName(link, "link name");
            TarEntry.Type type = TarEntry.Type.of(flag);
            // Only regular files carry content here; a hard link's size field is ignored, as GNU tar does.
            long content = type == TarEntry.Type.FILE || type == TarEntry.Type.OTHER ? size : 0;
            remaining = content;
            padding = (TarWriter.BLOCK - content % TarWriter.BLOCK) % TarWriter.BLOCK;
            return new TarEntry(name, type, (int) number(100, 8), content, mtime, link, pax);
        }
    }

    /** Bytes of the current member's content not read yet. */
    public long remaining() {
        return remaining;
    }

    /**
     * The caller read {@code n} bytes of the current member's content from the stream itself (at most
     * {@link #remaining()}), without a copy through this reader.
     */
    public void consumedElsewhere(int n) {
        if (n < 0 || n > remaining) throw new IllegalArgumentException("more than the member's content");
        remaining -= n;
        consumed += n;
    }

    /** Reads the current member's content; -1 at its end. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("the stream ended inside a member");
        remaining -= n;
        consumed += n;
        return n;
    }

    private boolean readBlock(boolean eofAllowed) throws IOException {
        int got = in.readNBytes(block, 0, block.length);
        consumed += got;
        if (got == 0 && eofAllowed) return false;
        if (got < block.length) throw new EOFException("the stream ended inside a tar header");
        return true;
    }

    private boolean allZero() {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    private final byte[] sink = new byte[8192];

    private void skip(long n) throws IOException {
        while (n > 0) {
            int got = in.read(sink, 0, (int) Math.min(sink.length, n));
            if (got < 0) throw new EOFException("the stream ended inside a member");
            n -= got;
            consumed += got;
        }
    }

    private byte[] bounded(long size, int cap, String what) throws IOException {
        if (size > cap) throw new TarFormatException("a " + what + " of " + size + " bytes (at most " + cap + ")");
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) throw new EOFException("the stream ended inside a " + what);
        long pad = (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
        consumed += size;
        skip(pad);
        return b;
    }

    private void checkSum() throws TarFormatException {
        long stored = number(148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < block.length; i++) {
            int b = i >= 148 && i < 156 ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) throw new TarFormatException("a tar header with a bad checksum (corrupt or not a tar stream)");
    }

    private String ustarName() {
        String name = field(0, 100);
        // POSIX ustar splits long names into prefix/name; GNU's header keeps other data there.
        boolean posix = block[257] == 'u' && block[262] == 0 && block[263] == '0' && block[264] == '0';
        String prefix = posix ? field(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && block[end] != 0) end++;
        return new String(block, off, end - off, StandardCharsets.UTF_8);
    }

    /** A numeric field: octal (space or NUL padded), or GNU's base-256 when the high bit is set. */
    private long number(int off, int len) throws TarFormatException {
        if ((block[off] & 0x80) != 0) {
            if ((block[off] & 0x40) != 0) return -1;
            long v = block[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) throw new TarFormatException("a numeric field out of range");
                v = (v << 8) | (block[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        while (i < off + len && (block[i] == ' ' || block[i] == 0)) i++;
        for (; i < off + len && block[i] >= '0' && block[i] <= '7'; i++) {
            if (v > (Long.MAX_VALUE >> 3)) throw new TarFormatException("a numeric field out of range");
            v = v * 8 + (block[i] - '0');
        }
        for (; i < off + len; i++) {
            if (block[i] != ' ' && block[i] != 0) throw new TarFormatException("a malformed numeric field (not a tar stream?)");
        }
        return v;
    }

    private static long paxNumber(String text, String key) throws TarFormatException {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        if (whole.startsWith("-")) return 0; // a time before 1970
        if (whole.isEmpty() || whole.length() > 18 || !whole.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TarFormatException("a malformed pax " + key + " record");
        }
        return Long.parseLong(whole);
    }

    /** pax records "LEN key=value\n", each length checked against what is left. */
    static Map<String, String> paxRecords(byte[] b) throws TarFormatException {
        Map<String, String> out = new HashMap<>();
        int pos = 0;
        while (pos < b.length) {
            if (b[pos] == 0) break; // some writers pad with NULs
            int sp = pos;
            long len = 0;
            while (sp < b.length && b[sp] >= '0' && b[sp] <= '9' && sp - pos < 8) len = len * 10 + (b[sp++] - '0');
            if (sp >= b.length || b[sp] != ' ' || len <= sp - pos + 1 || pos + len > b.length || b[(int) (pos + len - 1)] != '\n') {
                throw new TarFormatException("a malformed pax header");
            }
            int eq = sp + 1;
            int end = (int) (pos + len - 1);
            while (eq < end && b[eq] != '=') eq++;
            if (eq >= end) throw new TarFormatException("a malformed pax record");
            out.put(new String(b, sp + 1, eq - sp - 1, StandardCharsets.UTF_8), new String(b, eq + 1, end - eq - 1, StandardCharsets.UTF_8));
            pos = end + 1;
        }
        return out;
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static void checkName(String name, String what) throws TarFormatException {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new TarFormatException("a member " + what + " longer than " + MAX_NAME + " bytes");
        }
        if (name.indexOf(0) >= 0) throw new TarFormatException("a member " + what + " with a NUL byte");
    }
}
