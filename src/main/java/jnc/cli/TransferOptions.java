package jnc.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code --send}, {@code --receive}, {@code --compress} and {@code --force} said. Plain data:
 * parsing it loads nothing of {@code jnc.transfer}.
 *
 * @param send     the files and directories to send; empty when receiving
 * @param receive  the directory to receive into, or {@code null} when sending
 * @param compress {@code gzip}, {@code zstd} or {@code none}
 * @param level    the compression level, or -1 for the kind's default
 * @param force    {@code --force}: existing files may be replaced
 */
public record TransferOptions(List<Path> send, Path receive, String compress, int level, boolean force) {
    public TransferOptions {
        send = List.copyOf(send);
    }

    public boolean sending() {
        return receive == null;
    }
}
