package jnc.ws;

/**
 * Streaming UTF-8 validation (RFC 3629) for text messages, which may be split anywhere: between
 * frames, and inside a character. Bjoern Hoehrmann's DFA idea, written out as the ranges of
 * RFC 3629's table: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
final class Utf8Check {
    /** Bytes still expected for the character under way. */
    private int need;
    /** The allowed range of the next byte (the first continuation byte is narrower for some leads). */
    private int lo = 0x80;
    private int hi = 0xBF;
    private boolean bad;

    /** Feeds bytes; false as soon as they cannot be UTF-8 (the state then stays bad). */
    boolean feed(byte[] b, int off, int len) {
        if (bad) return false;
        for (int i = off, end = off + len; i < end; i++) {
            if (!step(b[i] & 0xFF)) return false;
        }
        return true;
    }

    /** {@link #feed(byte[], int, int)} for bytes {@code off} to {@code off + len} of a buffer (heap or direct), by absolute index. */
    boolean feed(java.nio.ByteBuffer b, int off, int len) {
        if (bad) return false;
        for (int i = off, end = off + len; i < end; i++) {
            if (!step(b.get(i) & 0xFF)) return false;
        }
        return true;
    }

    private boolean step(int c) {
        if (need == 0) {
            if (c < 0x80) return true;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c == 0xE0) {
                need = 2;
                lo = 0xA0;
            } else if (c == 0xED) {
                need = 2;
                hi = 0x9F; // no surrogates
            } else if (c >= 0xE1 && c <= 0xEF) {
                need = 2;
            } else if (c == 0xF0) {
                need = 3;
                lo = 0x90;
            } else if (c >= 0xF1 && c <= 0xF3) {
                need = 3;
            } else if (c == 0xF4) {
                need = 3;
                hi = 0x8F; // nothing above U+10FFFF
            } else {
                bad = true;
                return false;
            }
        } else {
            if (c < lo || c > hi) {
                bad = true;
                return false;
            }
            lo = 0x80;
            hi = 0xBF;
            need--;
        }
        return true;
    }

    /** Whether everything fed so far is complete UTF-8 (no character cut off at the end). */
    boolean complete() {
        return !bad && need == 0;
    }

    void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
        bad = false;
    }

    static boolean valid(byte[] b, int off, int len) {
        Utf8Check c = new Utf8Check();
        return c.feed(b, off, len) && c.complete();
    }
}
