package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parser refuses a session option where it would be ignored, and takes it where it applies. */
class ApplicabilityTest {
    static void parses(String line) {
        assertThatCode(() -> ArgParser.parse(line.split(" "))).as(line).doesNotThrowAnyException();
    }

    static void refused(String line, String why) {
        assertThatThrownBy(() -> ArgParser.parse(line.split(" "))).as(line)
                .isInstanceOf(UsageException.class).hasMessageContaining(why);
    }

    @Test
    void whatOnlyAStdinRelayUses() {
        for (String opt : new String[] {"-C", "-t", "-d 1", "--send-only", "--recv-only", "--no-shutdown"}) {
            parses(opt + " 127.0.0.1 1");
            parses("-l " + opt + " 1");
            parses("-l -e cat " + opt + " 1");
            refused("-l --echo " + opt + " 1", "--echo");
            refused("-l --proxy-type http " + opt, "the proxy server");
        }
        refused("-l --chat -t 1", "--chat");
        refused("-l --broker -d 1 1", "--broker");
        parses("-l --chat -C 1");
        parses("-l --broker --send-only 1");
        refused("-l 1 --forward 127.0.0.1:2 -q 1", "--forward");
        parses("-l 1 --forward 127.0.0.1:2 --no-shutdown");
        refused("-l -k --wait-stdin 1", "-l -k");
        parses("-l --wait-stdin 1");
        parses("--wait-stdin 127.0.0.1 1");
    }

    @Test
    void theLogsAndTheIdleRule() {
        for (String opt : new String[] {"-o /tmp/x", "-x /tmp/x", "-i 1"}) {
            parses("-l --echo " + opt + " 1");
            parses("-l -k " + opt + " 1");
            parses("-l 1 --forward 127.0.0.1:2 " + opt);
            refused("-z " + opt + " 127.0.0.1 1", "-z");
            refused("--ping " + opt + " 127.0.0.1", "--ping");
        }
        parses("-l --proxy-type http -i 5");
        refused("-l --proxy-type http -o /tmp/x", "the proxy server");
        parses("-l --chat -i 5 1");
        parses("-l --broker -i 5 1");
        parses("--load 2 -i 3 127.0.0.1 1");
        refused("--load 2 -C 127.0.0.1 1", "--load");
        refused("--send /etc/hostname -i 1 127.0.0.1 1", "--send/--receive");
    }

    @Test
    void theMessageNamesTheOptionAndWhy() {
        assertThatThrownBy(() -> ArgParser.parse("-l", "--echo", "-C", "1"))
                .hasMessage("-C/--crlf does not go with --echo: the echo answers each byte as it comes, reading no stdin.");
        assertThat(Opt.CRLF.display()).isEqualTo("-C/--crlf");
    }
}
