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
        if (number.isEmpty() || !number.matches("-?[0-9]*\\.?[0-9]+")) {
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
}
