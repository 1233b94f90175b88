package jnc.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as people write them: IPv6 in its short form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), as nc and Ncat print them. */
public final class Addresses {
    private Addresses() {
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as {@code ::}. */
    public static String text(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) return a.getHostAddress();
        byte[] b = v6.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) bestStart = -1;
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
            String full = v6.getHostAddress();
            int pct = full.indexOf('%');
            if (pct >= 0) sb.append(full, pct, full.length());
        }
        return sb.toString();
    }
}
