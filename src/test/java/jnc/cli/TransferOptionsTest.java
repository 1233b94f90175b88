package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code --send}/{@code --receive} and their options: what is accepted, and every refusal. */
class TransferOptionsTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    /** The transfer options of a run that sends or receives. */
    private static TransferOptions transfer(Options o) {
        return ((LocalSide.Files) o.local()).transfer();
    }

    @Test
    void sendAndReceiveInBothModes() throws UsageException {
        TransferOptions send = transfer(run("--send", "a", "--send", "dir/b", "host", "9000"));
        assertThat(send.send()).containsExactly(Path.of("a"), Path.of("dir/b"));
        assertThat(send.sending()).isTrue();
        assertThat(send.compress()).isEqualTo("gzip");
        assertThat(send.level()).isEqualTo(-1);
        TransferOptions served = transfer(run("-l", "9000", "-k", "--send", "a", "--compress", "zstd:7"));
        assertThat(served.compress()).isEqualTo("zstd");
        assertThat(served.level()).isEqualTo(7);
        TransferOptions recv = transfer(run("-l", "9000", "--receive", "in", "--force"));
        assertThat(recv.receive()).isEqualTo(Path.of("in"));
        assertThat(recv.force()).isTrue();
        assertThat(transfer(run("host", "9000", "--receive", "in", "--ssl")).sending()).isFalse();
        assertThat(transfer(run("host", "9000", "--send", "a", "--compress", "none")).compress()).isEqualTo("none");
        assertThat(run("host", "9000").local()).isInstanceOf(LocalSide.Stdio.class);
    }

    @Test
    void everyCombinationThatMakesNoSenseIsRefused() {
        List<List<String>> refused = List.of(
                List.of("--send", "a", "--receive", "b", "h", "1"),
                List.of("--send", "a", "-u", "h", "1"),
                List.of("--receive", "a", "-u", "-l", "1"),
                List.of("--send", "a", "-U", "/tmp/s"),
                List.of("--send", "a", "--sctp", "h", "1"),
                List.of("--send", "a", "--broker"),
                List.of("--send", "a", "-l", "1", "--forward", "h:2"),
                List.of("--receive", "a", "--wait-stdin", "h", "1"),
                List.of("--receive", "a", "--chat"),
                List.of("--send", "a", "-e", "/bin/cat", "h", "1"),
                List.of("--send", "a", "-c", "cat", "h", "1"),
                List.of("--receive", "a", "--echo", "-l", "1"),
                List.of("--send", "a", "-z", "h", "1"),
                List.of("--send", "a", "--load", "2", "h", "1"),
                List.of("--send", "a", "-l", "--proxy-type", "http"),
                List.of("--receive", "a", "-l", "-k", "1"),
                List.of("--send", "a", "-k", "h", "1"),
                List.of("--send", "a", "--send-only", "h", "1"),
                List.of("--receive", "a", "--recv-only", "h", "1"),
                List.of("--send", "a", "-C", "h", "1"),
                List.of("--send", "a", "-t", "h", "1"),
                List.of("--send", "a", "-o", "log", "h", "1"),
                List.of("--send", "a", "-x", "log", "h", "1"),
                List.of("--send", "a", "-q", "1", "h", "1"),
                List.of("--send", "a", "-d", "1", "h", "1"),
                List.of("--send", "a", "--no-shutdown", "h", "1"),
                List.of("--compress", "gzip", "h", "1"),
                List.of("--force", "h", "1"),
                List.of("--send", "a", "--force", "h", "1"),
                List.of("--receive", "a", "--compress", "gzip", "h", "1"),
                List.of("--send", "a", "--compress", "bzip2", "h", "1"),
                List.of("--send", "a", "--compress", "none:3", "h", "1"),
                List.of("--send", "a", "--compress", "gzip:10", "h", "1"),
                List.of("--send", "a", "--compress", "zstd:0", "h", "1"),
                List.of("--send", "", "h", "1"),
                List.of("--receive", "", "h", "1"));
        for (List<String> args : refused) {
            assertThatThrownBy(() -> run(args.toArray(String[]::new))).as(String.join(" ", args)).isInstanceOf(UsageException.class);
        }
    }

    @Test
    void theRefusalsSayWhy() {
        assertThatThrownBy(() -> run("--send", "a", "-u", "h", "1")).hasMessage("--send works over TCP only: it does not go with -u, -U or --sctp.");
        assertThatThrownBy(() -> run("--send", "a", "--receive", "b", "h", "1"))
                .hasMessage("--send and --receive cannot be used together: one side sends, the other receives.");
        assertThatThrownBy(() -> run("--send", "a", "--broker")).hasMessageStartingWith("--send is a mode of its own");
        assertThatThrownBy(() -> run("--send", "a", "--compress", "bzip2", "h", "1")).hasMessageStartingWith("Invalid --compress \"bzip2\"");
    }
}
