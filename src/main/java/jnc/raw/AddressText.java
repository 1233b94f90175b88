package jnc.raw;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as people write them: IPv6 in the short form of RFC 5952 ({@code ::1}, not the JDK's
 * {@code 0:0:0:0:0:0:0:1}).
 */
public final class AddressText {
    private AddressText() {
    }

    public static String of(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) return a.getHostAddress();
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = Bytes.u16(b, 2 * i);
        // The longest run of two or more zero groups becomes "::" (the first such run on a tie).
        int bestStart = -1, bestLen = 1;
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
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        if (v6.getScopeId() != 0) sb.append('%').append(v6.getScopeId());
        return sb.toString();
    }
}
