package jnc.base;

/**
 * Text from a peer made safe to print on a terminal: what a hostile proxy or client sends (a
 * reason phrase, a CONNECT target) must not clear the screen, retitle the window or reorder the
 * line. Control characters (C0, DEL, C1) become {@code \xHH}; the invisible bidirectional
 * controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) become {@code \\uHHHH}. The one
 * helper for every line jnc prints with a peer's words in it.
 */
public final class Printable {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printable() {
    }

    public static String of(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) i++;
        if (i == s.length()) return s; // the usual case: nothing to escape, nothing allocated
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c)) {
                b.append(c);
            } else if (c < 0x100) {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /** {@link #of(String)}, cut first at {@code max} characters (then "..."), so that a peer's long words stay one readable line. */
    public static String of(String s, int max) {
        return of(s.length() > max ? s.substring(0, max) + "..." : s);
    }

    /** Whether {@code c} may change what a terminal shows beyond printing itself. */
    public static boolean unsafe(char c) {
        if (c < 0x20) return c != '\t';
        if (c < 0x7f) return false;
        if (c <= 0x9f) return true; // DEL and C1 (CSI is U+009B)
        return isBidiControl(c);
    }

    /** U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: they reorder what follows them. */
    public static boolean isBidiControl(int cp) {
        return cp == 0x061c || cp == 0x200e || cp == 0x200f || cp >= 0x202a && cp <= 0x202e || cp >= 0x2066 && cp <= 0x2069;
    }
}
