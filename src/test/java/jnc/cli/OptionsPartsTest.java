package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The command line becomes one mode and one local side, each with only its own options: a connect
 * mode has no door, only a scan has a port list, one local side per run.
 */
class OptionsPartsTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    @Test
    void eachModeCarriesItsOwnOptions() throws UsageException {
        assertThat(run("h", "1").mode()).isEqualTo(new Mode.Connect());
        Mode.Listen l = (Mode.Listen) run("-l", "-k", "-m", "3", "--allow", "127.0.0.1", "1").mode();
        assertThat(l.keepOpen()).isTrue();
        assertThat(l.door().maxConns()).isEqualTo(3);
        assertThat(l.door().allow()).containsExactly("127.0.0.1");
        assertThat(l.door().accessControl()).isTrue();
        assertThat(((Mode.Listen) run("-l", "1").mode()).door().accessControl()).isFalse();
        assertThat(((Mode.Scan) run("-z", "h", "1-3").mode()).ports().ports()).containsExactly(1, 2, 3);
        assertThat(run("--raw", "--count", "2").mode()).isEqualTo(new Mode.Raw(1, 2));
        assertThat(run("--ping", "h").mode()).isEqualTo(new Mode.Ping(0, Duration.ofSeconds(1)));
        assertThat(run("--load", "5", "--msg-size", "10", "h", "1").mode()).isEqualTo(new Mode.Load(5, 10, Duration.ofSeconds(10)));
    }

    @Test
    void theBrokerAndChatAreListenersThatKeepOpen() throws UsageException {
        for (String flag : new String[] {"--broker", "--chat"}) {
            Options o = run(flag, "1");
            assertThat(o.mode()).isInstanceOf(Mode.Listen.class);
            assertThat(o.keepOpen()).isTrue();
            assertThat(o.local()).isEqualTo(new LocalSide.Broker(flag.equals("--chat")));
        }
    }

    @Test
    void oneLocalSidePerRun() throws UsageException {
        assertThat(run("h", "1").local()).isEqualTo(new LocalSide.Stdio());
        assertThat(run("-l", "-e", "cat", "1").local()).isEqualTo(new LocalSide.Exec("cat", false));
        assertThat(run("-l", "-c", "cat", "1").local()).isEqualTo(new LocalSide.Exec("cat", true));
        assertThat(run("-l", "--echo", "1").local()).isEqualTo(new LocalSide.Echo());
        assertThat(run("-l", "1", "--forward", "[::1]:80").local()).isEqualTo(new LocalSide.Forward("::1", 80));
        assertThat(run("-l", "--proxy-type", "http").local()).isInstanceOf(LocalSide.ProxyServer.class);
        assertThat(run("--send", "x", "h", "1").local()).isInstanceOf(LocalSide.Files.class);
        assertThatThrownBy(() -> run("-l", "--echo", "-e", "cat", "1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("-l", "--chat", "-e", "cat", "1")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("-l", "--echo", "--forward", "h:1", "1")).isInstanceOf(UsageException.class);
    }

    @Test
    void theForwardingConnectionIsConnectModeAimedAtTheTarget() throws UsageException {
        Options o = run("-l", "-k", "-4", "-w", "2", "-i", "3", "--sndbuf", "65536", "1", "--forward", "127.0.0.2:81");
        Options f = o.forwarding();
        assertThat(f.mode()).isEqualTo(new Mode.Connect());
        assertThat(f.local()).isEqualTo(new LocalSide.Stdio());
        assertThat(f.target().host()).isEqualTo("127.0.0.2");
        assertThat(f.target().port()).isEqualTo(81);
        assertThat(f.target().transport()).isEqualTo(Transport.TCP);
        assertThat(f.target().family()).isEqualTo(Family.INET);
        assertThat(f.target().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(f.session().idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(f.tuning().sendBuffer()).isEqualTo(65536);
        assertThat(f.tls()).isNull();
    }

    @Test
    void datagramsEndAtStdinEofExceptForAListenersStdio() throws UsageException {
        assertThat(run("-u", "h", "1").session().stdinEofEndsDatagrams()).isTrue();
        assertThat(run("-u", "-l", "-e", "cat", "1").session().stdinEofEndsDatagrams()).isTrue();
        assertThat(run("-u", "-l", "1").session().stdinEofEndsDatagrams()).isFalse();
    }

    @Test
    void plainBytesOnlyWithoutRulesThatReadThem() throws UsageException {
        assertThat(run("h", "1").plainBytes()).isTrue();
        for (String[] args : new String[][] {{"-C"}, {"-t"}, {"-d", "1"}, {"-o", "x"}, {"-x", "x"}}) {
            String[] full = java.util.Arrays.copyOf(args, args.length + 2);
            full[args.length] = "h";
            full[args.length + 1] = "1";
            assertThat(run(full).plainBytes()).as(String.join(" ", args)).isFalse();
        }
    }
}
