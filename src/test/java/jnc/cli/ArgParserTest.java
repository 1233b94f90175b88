package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ArgParserTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    @Test
    void theCourseCommands() throws UsageException {
        Options server = run("-v", "-l", "61111");
        assertThat(server.listen()).isTrue();
        assertThat(server.host()).isNull();
        assertThat(server.port()).isEqualTo(61111);
        assertThat(server.verbosity()).isEqualTo(1);

        Options client = run("-v", "10.0.0.99", "61111");
        assertThat(client.listen()).isFalse();
        assertThat(client.host()).isEqualTo("10.0.0.99");
        assertThat(client.port()).isEqualTo(61111);
    }

    @Test
    void threeWaysToListenOnAPort() throws UsageException {
        assertThat(run("-l", "61111").port()).isEqualTo(61111);
        assertThat(run("-l", "-p", "61111").port()).isEqualTo(61111);
        Options withHost = run("-l", "127.0.0.1", "61111");
        assertThat(withHost.host()).isEqualTo("127.0.0.1");
        assertThat(withHost.port()).isEqualTo(61111);
        assertThat(run("-l", "127.0.0.1", "-p", "61111").port()).isEqualTo(61111);
        assertThat(run("-l").port()).isEqualTo(Options.DEFAULT_PORT);
    }

    @Test
    void getoptStyles() throws UsageException {
        Options o = run("-vvlkp61111", "--wait=2s", "--idle-tim", "500ms", "-q-1", "--", "127.0.0.1");
        assertThat(o.verbosity()).isEqualTo(2);
        assertThat(o.listen()).isTrue();
        assertThat(o.keepOpen()).isTrue();
        assertThat(o.port()).isEqualTo(61111);
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.quitAfterEof()).isEqualTo(Duration.ofSeconds(-1));
        assertThat(o.host()).isEqualTo("127.0.0.1");
        // options after operands, as GNU getopt permits
        Options late = run("127.0.0.1", "80", "-v", "-C");
        assertThat(late.verbosity()).isEqualTo(1);
        assertThat(late.crlf()).isTrue();
        assertThat(late.port()).isEqualTo(80);
    }

    @Test
    void connectModeSourceAndFamily() throws UsageException {
        Options o = run("-4", "-n", "-s", "127.0.0.2", "-p", "40000", "127.0.0.1", "9");
        assertThat(o.family()).isEqualTo(Family.INET);
        assertThat(o.noDns()).isTrue();
        assertThat(o.sourceAddress()).isEqualTo("127.0.0.2");
        assertThat(o.sourcePort()).isEqualTo(40000);
        assertThat(run("-6", "::1", "9").family()).isEqualTo(Family.INET6);
        assertThat(run("localhost", "9").port()).isEqualTo(9);
        assertThat(run("localhost").port()).isEqualTo(Options.DEFAULT_PORT);
    }

    @Test
    void defaultsAndPlainBytes() throws UsageException {
        Options o = run("localhost", "9");
        assertThat(o.maxConns()).isEqualTo(Options.DEFAULT_MAX_CONNS);
        assertThat(o.plainBytes()).isTrue();
        assertThat(run("-C", "localhost", "9").plainBytes()).isFalse();
        assertThat(run("-o", "x", "localhost", "9").plainBytes()).isFalse();
        assertThat(run("-l", "-k", "-m", "7", "9").maxConns()).isEqualTo(7);
        assertThat(run("-N", "localhost", "9").noShutdown()).isFalse();
    }

    @Test
    void helpAndVersionWinOverEverythingElse() throws UsageException {
        assertThat(ArgParser.parse("-h")).isInstanceOf(ArgParser.ShowHelp.class);
        assertThat(ArgParser.parse("--version")).isInstanceOf(ArgParser.ShowVersion.class);
        assertThat(ArgParser.parse("-l", "--help")).isInstanceOf(ArgParser.ShowHelp.class);
    }

    @Test
    void mistakes() {
        assertThatThrownBy(() -> run("--ver")).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> run("--listen=yes")).hasMessageContaining("doesn't allow an argument");
        assertThatThrownBy(() -> run("61111")).hasMessageContaining("You must specify a host");
        assertThatThrownBy(() -> run("-l", "-p", "1", "2")).hasMessageContaining("more than one port");
        assertThatThrownBy(() -> run("-p", "70000", "h", "1")).hasMessageContaining("Invalid source port");
        assertThatThrownBy(() -> run("-d", "-1", "h", "1")).hasMessageContaining("must be greater than 0");
    }
}
