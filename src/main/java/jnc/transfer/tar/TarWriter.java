package jnc.transfer.tar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a POSIX pax tar stream (ustar headers, each preceded by a pax 'x' header when a name,
 * a size or a record of jnc's does not fit ustar). GNU tar, bsdtar and busybox read it.
 */
public final class TarWriter {
    static final int BLOCK = 512;
    private static final byte[] ZEROS = new byte[BLOCK * 2];

    private final OutputStream out;
    private long entryRemaining;
    private long entrySize;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** A pax global header ('g'); jnc's records travel in its standard {@code comment} keyword, which every reader ignores. */
    public void global(Map<String, String> records) throws IOException {
        byte[] body = pax(records);
        header("GlobalHead.jnc", 0644, body.length, 0, TarEntry.Type.GLOBAL.flag, "");
        out.write(body);
        pad(body.length);
    }

    /**
     * Starts an entry; a regular file's {@code size} bytes follow through {@link #data}.
     * {@code extra} pax records (jnc's {@code comment}) go into its 'x' header.
     */
    public void begin(String name, TarEntry.Type type, int mode, long size, long mtime, String linkName, Map<String, String> extra)
            throws IOException {
        if (entryRemaining != 0) throw new IllegalStateException("previous entry not finished");
        Map<String, String> pax = new LinkedHashMap<>(extra);
        String ustarName = name;
        if (!fitsUstar(name)) {
            pax.put("path", name);
            ustarName = shortName(name);
        }
        String ustarLink = linkName == null ? "" : linkName;
        if (!fitsUstar(ustarLink)) {
            pax.put("linkpath", linkName);
            ustarLink = "";
        }
        if (size > 077777777777L) pax.put("size", Long.toString(size));
        if (!pax.isEmpty()) {
            byte[] body = pax(pax);
            header("PaxHeader.jnc", 0644, body.length, mtime, 'x', "");
            out.write(body);
            pad(body.length);
        }
        header(ustarName, mode, type == TarEntry.Type.FILE ? size : 0, mtime, type.flag, ustarLink);
        entrySize = entryRemaining = type == TarEntry.Type.FILE ? size : 0;
    }

    /** Content of the current regular file. */
    public void data(byte[] b, int off, int len) throws IOException {
        if (len > entryRemaining) throw new IllegalStateException("more data than the entry's size");
        out.write(b, off, len);
        entryRemaining -= len;
    }

    /**
     * Content of the current regular file that the caller wrote past this writer, straight to
     * the socket (sendfile), after flushing what this writer had written before it.
     */
    public void dataWrittenElsewhere(long len) {
        if (len > entryRemaining) throw new IllegalStateException("more data than the entry's size");
        entryRemaining -= len;
    }

    /** Ends the current entry (its padding). */
    public void end() throws IOException {
        if (entryRemaining != 0) throw new IllegalStateException("entry short by " + entryRemaining);
        pad(entrySize);
        entrySize = 0;
    }

    /** The end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        out.write(ZEROS);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) out.write(ZEROS, 0, BLOCK - rest);
    }

    private static boolean fitsUstar(String s) {
        if (s.length() > 99) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;
        }
        return true;
    }

    /** The ustar name beside a pax path: printable ASCII, for readers that ignore pax. */
    private static String shortName(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 99; i++) {
            char c = name.charAt(i);
            b.append(c >= 0x20 && c <= 0x7e ? c : '_');
        }
        return b.toString();
    }

    /** pax records: "LEN key=value\n", LEN counting the whole record with its own digits. */
    static byte[] pax(Map<String, String> records) {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String> r : records.entrySet()) {
            int rest = (" " + r.getKey() + "=" + r.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
            all.append(len).append(' ').append(r.getKey()).append('=').append(r.getValue()).append('\n');
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void header(String name, int mode, long size, long mtime, char type, String link) throws IOException {
        byte[] h = new byte[BLOCK];
        ascii(h, 0, 100, name);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size > 077777777777L ? 0 : size);
        octal(h, 136, 12, Math.max(0, Math.min(mtime, 077777777777L)));
        h[156] = (byte) type;
        ascii(h, 157, 100, link);
        ascii(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private static void ascii(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    /** An octal field: digits, zero-padded, then a NUL. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        int digits = len - 1;
        for (int i = 0; i < digits; i++) {
            int from = s.length() - digits + i;
            h[off + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        h[off + digits] = 0;
    }
}
