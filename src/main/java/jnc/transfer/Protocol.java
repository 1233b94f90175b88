package jnc.transfer;

import java.util.HashMap;
import java.util.Map;

/**
 * jnc's records inside the tar stream, all in the standard pax {@code comment} keyword, which tar
 * readers ignore (so a plain {@code tar x} reads jnc's stream without a warning):
 * <ul>
 * <li>the first member, a global header: {@code jnc-transfer/1 files=N bytes=B} (the totals, and "a jnc sender");
 * <li>a regular file's header: {@code jnc sha256=HEX}, or {@code jnc sha256=follows [offset=P]} for a large
 *     file, whose digest comes in a global header right after it: {@code jnc sha256=HEX}; for a file continued
 *     at offset P, the digests of its two parts instead, {@code jnc prefix=HEX tail=HEX} (bytes 0 to P, which
 *     the receiver kept, and P to the end, sent now), so that neither side hashes the whole file again;
 * <li>the last member, a global header: {@code jnc-end files=N bytes=B} (what this stream carried).
 * </ul>
 * A jnc receiver answers the first record on the same connection with what it already has
 * ({@code jnc-have/1}, then {@code done SIZE SHA256 NAME} and {@code part BYTES NAME} lines, then
 * {@code end}), and after the last with {@code ok} or {@code fail MESSAGE}.
 */
final class Protocol {
    static final String HELLO = "jnc-transfer/1";
    static final String END = "jnc-end";
    static final String TAG = "jnc";
    static final String HAVE = "jnc-have/1";
    static final String FOLLOWS = "follows";

    private Protocol() {
    }

    /** The record's fields; the first word under key "" ({@code null} when the comment is not jnc's). */
    static Map<String, String> parse(String comment) {
        if (comment == null) return null;
        String[] words = comment.split(" ");
        if (!words[0].equals(HELLO) && !words[0].equals(END) && !words[0].equals(TAG)) return null;
        Map<String, String> m = new HashMap<>();
        m.put("", words[0]);
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) m.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return m;
    }

    static long number(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) return -1;
        return Long.parseLong(v);
    }

    /** A non-negative decimal number that fits a long. */
    static boolean isNumber(String s) {
        if (s == null || s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
        return s.length() < 19 || s.compareTo(String.valueOf(Long.MAX_VALUE)) <= 0;
    }

    static boolean isSha256(String hex) {
        return hex != null && hex.length() == 64 && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
