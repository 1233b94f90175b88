package jnc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports of a scan ({@code -z}): a union of closed ranges, as written on the command line,
 * {@code 20-30,80,443} or several operands {@code 20-30 80}. Order and duplicates are kept as given
 * only once: {@link #ports()} is ascending and distinct.
 *
 * @param ranges pairs {@code [from, to]}, each within 1..65535
 */
public record PortList(List<int[]> ranges) {
    public PortList {
        ranges = List.copyOf(ranges);
    }

    /** A list holding one port. */
    public static PortList of(int port) {
        return new PortList(List.of(new int[] {port, port}));
    }

    /** Parses {@code 20-30,80,443}; each piece a port or a range {@code a-b} with a ≤ b. */
    public static PortList parse(List<String> specs) throws UsageException {
        List<int[]> ranges = new ArrayList<>();
        for (String spec : specs) {
            for (String piece : spec.split(",", -1)) {
                int dash = piece.indexOf('-');
                int from = port(dash < 0 ? piece : piece.substring(0, dash), spec);
                int to = dash < 0 ? from : port(piece.substring(dash + 1), spec);
                if (to < from) throw new UsageException("Invalid port range \"" + piece + "\" (the first port must not be larger).");
                ranges.add(new int[] {from, to});
            }
        }
        return new PortList(ranges);
    }

    /** A loop, not chars().allMatch: the stream's classes would load at every start (the scan is trained). */
    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
        }
        return true;
    }

    private static int port(String text, String spec) throws UsageException {
        if (text.isEmpty() || text.length() > 5 || !digits(text)) {
            throw new UsageException("Invalid port specification \"" + spec + "\".");
        }
        int p = Integer.parseInt(text);
        if (p < 1 || p > 65535) throw new UsageException("Invalid port specification \"" + spec + "\".");
        return p;
    }

    /** Every port once, ascending. */
    public int[] ports() {
        boolean[] seen = new boolean[65536];
        int n = 0;
        for (int[] r : ranges) {
            for (int p = r[0]; p <= r[1]; p++) {
                if (!seen[p]) {
                    seen[p] = true;
                    n++;
                }
            }
        }
        int[] out = new int[n];
        int at = 0;
        for (int p = 1; p <= 65535; p++) if (seen[p]) out[at++] = p;
        return out;
    }

    /** The first port given: the one a non-scan session uses. */
    public int first() {
        return ranges.getFirst()[0];
    }

    public boolean single() {
        return ranges.size() == 1 && ranges.getFirst()[0] == ranges.getFirst()[1];
    }
}
