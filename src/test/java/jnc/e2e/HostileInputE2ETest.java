package jnc.e2e;

import static jnc.e2e.AccessE2ETest.pingFrom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10's attacks by bad input (items 1, 9, 10, 11): access lists that must fail closed, files
 * that never end or are not text, commands and addresses read as Ncat reads them.
 */
@Timeout(60)
class HostileInputE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** An echo server with the given access options; the caller checks who gets an echo. */
    static Proc echo(String... access) {
        return AccessE2ETest.echoServer(access);
    }

    @ParameterizedTest(name = "--allow \"{0}\" admits nobody")
    @ValueSource(strings = {"", ",,,", " , "})
    void anEmptyAllowListDeniesEveryone(String list) throws Exception {
        try (Proc server = echo("--allow", list)) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
            server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ denied: not allowed\\.", T);
        }
    }

    @Test
    void anEmptyAllowFileDeniesEveryone(@TempDir Path tmp) throws Exception {
        Path empty = Files.writeString(tmp.resolve("allow"), "");
        try (Proc server = echo("--allowfile", empty.toString())) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
            assertThat(pingFrom("127.0.0.2", port)).isEmpty();
        }
    }

    @Test
    void anAllowFileOfOnlyCommentsIsRefusedAtStartUp(@TempDir Path tmp) throws Exception {
        Path comments = Files.writeString(tmp.resolve("allow"), "# nobody yet\n\n   # still nobody\n");
        BadInputE2ETest.expect(2, "no host in .*allow, only comments\\.", "-l", "127.0.0.1", "0", "--allowfile", comments.toString());
    }

    @ParameterizedTest(name = "{0} /dev/zero is one line, not a full heap")
    @ValueSource(strings = {"--allowfile", "--denyfile"})
    void aHostFileThatNeverEndsIsRefused(String option) {
        BadInputE2ETest.expect(2, "can't open /dev/zero: larger than 16 MiB\\.", "-l", "127.0.0.1", "0", option, "/dev/zero");
    }

    @Test
    void aLatin1ByteInAnAllowFileNamesItsLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("allow");
        Files.write(f, "127.0.0.1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        BadInputE2ETest.expect(2, "allow, line 2: not UTF-8 text \\(byte 0xe9\\)\\.", "-l", "127.0.0.1", "0", "--allowfile", f.toString());
    }

    @ParameterizedTest(name = "{0} /dev/zero is one line")
    @ValueSource(strings = {"--ssl-cert", "--ssl-trustfile"})
    void aPemFileThatNeverEndsIsRefused(String option) {
        String[] args = option.equals("--ssl-cert")
                ? new String[] {"-l", "127.0.0.1", "0", "--ssl-cert", "/dev/zero", "--ssl-key", "/dev/zero"}
                : new String[] {"--ssl-verify", "--ssl-trustfile", "/dev/zero", "127.0.0.1", "1"};
        BadInputE2ETest.expect(2, option + " /dev/zero: larger than 16 MiB\\.", args);
    }

    @Test
    void anOctalAddressIsReadAsInetAtonReadsIt() throws Exception {
        // 0177.0.0.1 is 127.0.0.1 to inet_aton, Ncat and nc; read as decimal it would be 177.0.0.1.
        try (Proc server = echo("--deny", "0177.0.0.1")) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
            assertThat(pingFrom("127.0.0.2", port)).isEqualTo("ping\n");
        }
    }

    @Test
    void anIpv4MappedPrefixIsAcceptedAndMatchesIpv4Clients() throws Exception {
        // As Ncat: an IPv6 prefix over the IPv4-mapped block matches IPv4 clients in their mapped form.
        try (Proc server = echo("--deny", "::ffff:0:0/96")) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
        }
        try (Proc server = echo("--allow", "::ffff:127.0.0.0/104")) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.2", port)).isEqualTo("ping\n");
        }
    }

    @ParameterizedTest(name = "-e {0} is a usage error before listening")
    @ValueSource(strings = {"\"unterminated", "/nonexistent", "no-such-program-anywhere"})
    void aCommandThatCannotRunIsRefusedBeforeListening(String command) {
        BadInputE2ETest.expect(2, "(unbalanced quote|can't run)", "-v", "-l", "127.0.0.1", "0", "-k", "-e", command);
    }

    @Test
    void aShellCommandThatDoesNotParseIsRefusedBeforeListening() {
        BadInputE2ETest.expect(2, "the command for -c does not parse: .*Syntax error", "-v", "-l", "127.0.0.1", "0", "-c", "echo \"x");
    }
}
