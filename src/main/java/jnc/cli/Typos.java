package jnc.cli;

/**
 * Hints for the mistakes a student makes when copying commands: a dash from a PDF or a word
 * processor ({@code –l}, {@code —l}) instead of {@code -}, and a misspelt long option.
 * Only the error path uses this class.
 */
final class Typos {
    private Typos() {
    }

    /** En dash, em dash, minus sign, hyphen and figure dash: what a PDF makes of a typed {@code -}. */
    private static boolean isTypographicDash(char c) {
        return c == '\u2013' || c == '\u2014' || c == '\u2212' || c == '\u2010' || c == '\u2011' || c == '\u2012';
    }

    static boolean startsWithTypographicDash(String arg) {
        return arg.length() > 1 && isTypographicDash(arg.charAt(0));
    }

    /** The message for {@code –l}: which character it was, and the option meant. */
    static String typographicDash(String arg) {
        int i = 0;
        while (i < arg.length() && (isTypographicDash(arg.charAt(i)) || arg.charAt(i) == '-')) i++;
        String rest = arg.substring(i);
        String meant = rest.length() > 1 && closestLongOption(rest) != null && isLongName(rest) ? "--" + rest : "-" + rest;
        return "'" + arg + "' starts with a typographic dash (U+" + String.format("%04X", (int) arg.charAt(0))
                + ", as pasted from a PDF), not '-'; type " + meant;
    }

    private static boolean isLongName(String s) {
        for (Opt o : Opt.values()) {
            if (o.longName != null && o.longName.startsWith(s)) return true;
        }
        return false;
    }

    /** The long option nearest to {@code name} (at most a third of its letters wrong, at least 2), or null. */
    static String closestLongOption(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Opt o : Opt.values()) {
            if (o.longName == null) continue;
            int d = distance(name, o.longName);
            if (d < bestDistance) {
                bestDistance = d;
                best = o.longName;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Edit distance counting a swap of two neighbours as one edit ("lsiten" is one from "listen"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
