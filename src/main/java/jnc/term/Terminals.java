package jnc.term;

import jnc.base.Diag;
import jnc.cli.Options;
import jnc.io.LocalEnd;
import jnc.io.Stdio;

/**
 * Decides whether a session gets a line-editing terminal end, and opens it. This class names no
 * JLine type, so deciding costs nothing: JLine's classes load only when {@link #open} builds the end.
 */
public final class Terminals {
    private Terminals() {
    }

    /**
     * Whether a person types at a terminal and reads from the same one: stdin and stdout are both
     * terminals, both directions are in use, and the terminal can draw (not {@code TERM=dumb}).
     */
    public static boolean wanted(Options o) {
        if (o.session().sendOnly() || o.session().recvOnly()) return false;
        // The descriptors first: the environment's first read parses all of it (a few ms).
        return Stdio.isTerminal(0) && Stdio.isTerminal(1) && !"dumb".equals(System.getenv("TERM"));
    }

    /** The line-editing end, or {@code null} (said with {@code -vv}) when the terminal cannot be set up. */
    public static LocalEnd open() {
        try {
            return new LineEditingEnd();
        } catch (Exception | LinkageError e) {
            Diag.debug("no line editing, plain stdin/stdout: " + e);
            return null;
        }
    }

    /** Gives the terminal back as it was (cooked mode, echo on); for ends {@link #open} made. */
    public static void close(LocalEnd end) {
        if (end instanceof LineEditingEnd t) t.close();
    }
}
