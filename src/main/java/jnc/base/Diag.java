package jnc.base;

import java.io.PrintStream;

/**
 * Diagnostics on stderr, never on stdout (stdout carries only the peer's bytes).
 * Verbose lines are printed as the course text shows them, without a prefix; errors and
 * debug lines start with {@code jnc: }.
 */
public final class Diag {
    private static volatile int verbosity;
    private static final PrintStream ERR = System.err;

    private Diag() {
    }

    public static void setVerbosity(int level) {
        verbosity = level;
    }

    public static boolean verbose() {
        return verbosity >= 1;
    }

    public static boolean debugging() {
        return verbosity >= 2;
    }

    /** A line the user asked for with {@code -v}. */
    public static void verbose(String line) {
        if (verbosity >= 1) ERR.println(line);
    }

    /** A line for {@code -vv}. */
    public static void debug(String line) {
        if (verbosity >= 2) ERR.println("jnc: debug: " + line);
    }

    /** An error or warning, always shown. */
    public static void error(String message) {
        ERR.println("jnc: " + message);
    }
}
