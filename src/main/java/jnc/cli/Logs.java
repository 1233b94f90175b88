package jnc.cli;

import java.nio.file.Path;

/**
 * Copies of the traffic.
 *
 * @param output  {@code -o}: the bytes as they pass, or {@code null}
 * @param hexDump {@code -x}: a hex dump of them, or {@code null}
 * @param append  {@code --append-output}
 */
public record Logs(Path output, Path hexDump, boolean append) {

    public static final Logs NONE = new Logs(null, null, false);

    public boolean none() {
        return output == null && hexDump == null;
    }
}
