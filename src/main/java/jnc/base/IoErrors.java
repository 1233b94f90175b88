package jnc.base;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

/** Turns the JDK's I/O exceptions into the short sentences a netcat user expects. */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(IOException e) {
        return firstLine(describeWhole(e));
    }

    /** One line: the JDK's process errors run on with lines of advice. */
    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        if (nl < 0) return s;
        String first = s.substring(0, nl).strip();
        return first.endsWith(".") ? first : first + ".";
    }

    private static String describeWhole(IOException e) {
        if (e instanceof SocketTimeoutException) return "Connection timed out.";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied.";
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory.";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return sentence(f.getReason());
        if (e instanceof ClosedChannelException) return "Connection closed.";
        String m = e.getMessage();
        if (e instanceof NoRouteToHostException) return m == null ? "No route to host." : sentence(m);
        if (e instanceof ConnectException && m != null && m.startsWith("Connection refused")) return "Connection refused.";
        if (m == null || m.isBlank()) return e.getClass().getSimpleName() + ".";
        return sentence(m);
    }

    private static String sentence(String m) {
        // The JDK sometimes appends detail in parentheses, e.g. "Permission denied (connect failed)".
        int paren = m.indexOf(" (");
        if (paren > 0 && m.endsWith(")")) m = m.substring(0, paren);
        return m.endsWith(".") ? m : m + ".";
    }
}
