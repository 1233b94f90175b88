package jnc.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Member names as printed (control characters escaped) and as carried in jnc's reply lines (percent-encoded). */
final class Names {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Names() {
    }

    /** A name safe to print on a terminal: C0 and C1 control characters and DEL as {@code \xNN}. */
    static String printable(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                b.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The name as one space-free ASCII token: bytes outside '!'..'~' and '%' as %XX. */
    static String encode(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int v = x & 0xff;
            if (v <= 0x20 || v >= 0x7f || v == '%') {
                b.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
            } else {
                b.append((char) v);
            }
        }
        return b.toString();
    }

    static String decode(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '%' && i + 2 < token.length()) {
                out.write(Integer.parseInt(token.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
