package jnc.base;

import java.io.PrintStream;
import java.util.Locale;

import jnc.i18n.Messages;

/**
 * Diagnostics on stderr, never on stdout (stdout carries only the peer's bytes).
 * Verbose lines are printed as the course text shows them, without a prefix; errors and
 * debug lines start with {@code jnc: }. Errors, verbose and debug lines are translated here, the one place
 * they are printed, when the locale asks for another language ({@link Messages}); an English locale
 * loads none of that.
 */
public final class Diag {
    private static volatile int verbosity;

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
        if (verbosity >= 1) err().println(english() ? line : Messages.tr(line));
    }

    /** A line for {@code -vv}. */
    public static void debug(String line) {
        if (verbosity >= 2) err().println("jnc: debug: " + (english() ? line : Messages.tr(line)));
    }

    /** An error or warning, always shown. */
    public static void error(String message) {
        err().println("jnc: " + (english() ? message : Messages.tr(message)));
    }

    /** {@code text} in the locale's language, for a line a person reads that is printed elsewhere (a progress line, the installer's report). */
    public static String tr(String text) {
        return english() ? text : Messages.tr(text);
    }

    /** Read each time, not kept: jnc run in-process (its ToolProvider) points System.err elsewhere. */
    private static PrintStream err() {
        return System.err;
    }

    /** English (or no language): nothing to translate, and no class of jnc.i18n is loaded. */
    private static boolean english() {
        String lang = Locale.getDefault().getLanguage();
        return lang.isEmpty() || lang.equals("en");
    }
}
