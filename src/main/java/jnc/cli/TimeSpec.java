package jnc.cli;

import java.time.Duration;

/**
 * Ncat's time values: a number (fractions allowed) with an optional unit {@code ms}, {@code s},
 * {@code m} or {@code h}; seconds when there is no unit. {@code 500ms}, {@code 2s}, {@code 1.5}, {@code 1m}.
 */
public final class TimeSpec {
    private TimeSpec() {
    }

    /** Parses a time that must be greater than zero. */
    public static Duration parsePositive(String text, Opt opt) throws UsageException {
        Duration d = parse(text, opt);
        if (d.isNegative() || d.isZero()) {
            throw new UsageException("Invalid " + opt.display() + " time \"" + text + "\" (must be greater than 0).");
        }
        return d;
    }

    /** Parses a time that may be zero or negative (for {@code -q}). */
    public static Duration parse(String text, Opt opt) throws UsageException {
        String s = text.strip();
        long unitNanos;
        String number;
        if (s.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else {
            unitNanos = 1_000_000_000L;
            number = s;
        }
        if (!isNumber(number)) {
            throw new UsageException("Invalid " + opt.display() + " time \"" + text
                    + "\" (use a number with an optional unit: 500ms, 2s, 1m, 1h).");
        }
        double value = Double.parseDouble(number);
        double nanos = value * unitNanos;
        if (Math.abs(nanos) > Long.MAX_VALUE / 2.0) {
            throw new UsageException("Invalid " + opt.display() + " time \"" + text + "\" (too large).");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /**
     * {@code -?[0-9]*\.?[0-9]+}, by hand: a regex would be compiled at start-up, and scripts call
     * {@code nc -w 1 -q 0} in loops (the JDK's regex classes cost milliseconds the first time).
     */
    static boolean isNumber(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        int dot = s.indexOf('.', start);
        int fraction = dot < 0 ? start : dot + 1; // the digits that must be there: all of them, or those after the point
        return s.length() > fraction && allDigits(s, start, dot < 0 ? start : dot) && allDigits(s, fraction, s.length());
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
