package jnc.broker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jnc.base.Printable;

/**
 * Turns what one chat client sends into what the others see: each line as {@code <userN> line\n},
 * control bytes escaped. Works on bytes, a read at a time; a line split across reads is held until
 * its end arrives (or until it is {@link Chat#MAX_LINE} long). The output of one read is one array,
 * posted once for all receivers.
 */
final class ChatLines {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xef, (byte) 0xbf, (byte) 0xbd}; // U+FFFD

    private final byte[] prefix;
    private final byte[] held = new byte[Chat.MAX_LINE];
    private int heldLength;
    private byte[] out = new byte[4096];
    private int outLength;

    ChatLines(int userId) {
        prefix = ("<user" + userId + "> ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Takes {@code len} bytes a client sent. */
    void take(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int nl = indexOf(b, i, end, (byte) '\n');
            int stop = nl < 0 ? end : nl + 1;
            if (heldLength == 0 && nl >= 0 && stop - i <= Chat.MAX_LINE) {
                line(b, i, stop - i); // the common case: a whole line within this read
                i = stop;
                continue;
            }
            int n = Math.min(Chat.MAX_LINE - heldLength, stop - i);
            System.arraycopy(b, i, held, heldLength, n);
            heldLength += n;
            i += n;
            if (held[heldLength - 1] == '\n') {
                line(held, 0, heldLength);
                heldLength = 0;
            } else if (heldLength == Chat.MAX_LINE) {
                // A line too long is cut, but never inside a UTF-8 character: its first bytes stay
                // held and start the next piece, instead of becoming three U+FFFD.
                int cut = characterBoundary(held, heldLength);
                line(held, 0, cut);
                System.arraycopy(held, cut, held, 0, heldLength - cut);
                heldLength -= cut;
            }
        }
    }

    /**
     * The end of the last whole character in {@code b[0, len)}: {@code len}, or where an
     * unfinished UTF-8 sequence at the end starts (at most 3 bytes back).
     */
    static int characterBoundary(byte[] b, int len) {
        for (int back = 1; back <= 3 && back <= len; back++) {
            int c = b[len - back] & 0xff;
            if ((c & 0xc0) == 0x80) continue; // a continuation byte: look further back
            int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return need > back ? len - back : len;
        }
        return len;
    }

    /** The client has gone: a last line without its newline is passed on too. */
    void finish() {
        if (heldLength > 0) line(held, 0, heldLength);
        heldLength = 0;
    }

    boolean hasOutput() {
        return outLength > 0;
    }

    /** What the others see, for what was taken since the last {@link #clear}: the first {@link #outputLength} bytes (no copy). */
    byte[] output() {
        return out;
    }

    int outputLength() {
        return outLength;
    }

    /** Forgets the output (after {@link #output} was used). */
    void clear() {
        outLength = 0;
    }

    /** What the others see, for what was taken since the last call. */
    byte[] drain() {
        byte[] result = Arrays.copyOf(out, outLength);
        outLength = 0;
        return result;
    }

    /** One line: the sender's name, the text escaped, a newline. A CRLF ending counts as LF. */
    private void line(byte[] b, int off, int len) {
        int end = off + len;
        if (end > off && b[end - 1] == '\n') {
            end--;
            if (end > off && b[end - 1] == '\r') end--;
        }
        ensure(prefix.length + 4 * (end - off) + 1);
        System.arraycopy(prefix, 0, out, outLength, prefix.length);
        outLength += prefix.length;
        outLength = escape(b, off, end, out, outLength);
        out[outLength++] = '\n';
    }

    /**
     * Copies {@code b[off, end)} to {@code dst} at {@code at}, keeping printable text (UTF-8
     * included) and tab; every other control character (ESC, BEL, backspace, a lone CR, DEL, and the
     * C1 controls U+0080..U+009F) becomes {@code \xHH}, a bidirectional control (U+202E...)
     * {@code \\uHHHH}; bytes that are not UTF-8 become U+FFFD.
     * Returns where the copy ends. {@code dst} has room for four bytes per input byte.
     */
    static int escape(byte[] b, int off, int end, byte[] dst, int at) {
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    at = hex(c, dst, at);
                } else {
                    dst[at++] = (byte) c;
                }
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n == 0) {
                System.arraycopy(REPLACEMENT, 0, dst, at, 3);
                at += 3;
                i++;
            } else if (n == 2 && c == 0xc2 && (b[i + 1] & 0xff) < 0xa0) {
                at = hex(b[i + 1] & 0xff, dst, at); // a C1 control, U+0080..U+009F
                i += 2;
            } else if (Printable.isBidiControl(codePoint(b, i, n))) {
                at = unicode(codePoint(b, i, n), dst, at); // U+202E and its kind reorder what others see
                i += n;
            } else {
                System.arraycopy(b, i, dst, at, n);
                at += n;
                i += n;
            }
        }
        return at;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (2 to 4), or 0 if there is none. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int min;
        int max = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min = c == 0xe0 ? 0xa0 : 0x80;      // no overlong forms
            if (c == 0xed) max = 0x9f;          // no surrogates
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min = c == 0xf0 ? 0x90 : 0x80;
            if (c == 0xf4) max = 0x8f;          // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (i + n > end) return 0;
        int second = b[i + 1] & 0xff;
        if (second < min || second > max) return 0;
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) return 0;
        }
        return n;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = b[i] & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) cp = cp << 6 | (b[i + k] & 0x3f);
        return cp;
    }

    /** A backslash, u and four hex digits: six bytes for a sequence of two or three, within the four per byte reserved. */
    private static int unicode(int cp, byte[] dst, int at) {
        dst[at++] = '\\';
        dst[at++] = 'u';
        for (int shift = 12; shift >= 0; shift -= 4) dst[at++] = HEX[(cp >> shift) & 0xf];
        return at;
    }

    private static int hex(int c, byte[] dst, int at) {
        dst[at++] = '\\';
        dst[at++] = 'x';
        dst[at++] = HEX[c >> 4];
        dst[at++] = HEX[c & 0xf];
        return at;
    }

    private void ensure(int more) {
        if (outLength + more > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
    }

    private static int indexOf(byte[] b, int from, int end, byte value) {
        for (int i = from; i < end; i++) if (b[i] == value) return i;
        return -1;
    }
}
