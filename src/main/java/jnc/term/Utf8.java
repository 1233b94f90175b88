package jnc.term;

/** UTF-8 boundaries, so a line printed in two parts never splits one character in two. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the longest prefix of {@code b[0, len)} that does not end inside a multi-byte
     * character: {@code len} itself unless the last one to three bytes start a character whose
     * remaining bytes have not arrived yet.
     */
    static int completePrefix(byte[] b, int len) {
        for (int back = 1; back <= 3 && back <= len; back++) {
            int lead = b[len - back] & 0xff;
            if ((lead & 0xc0) == 0x80) continue; // a continuation byte: look further back
            int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
            return need > back ? len - back : len;
        }
        return len;
    }
}
