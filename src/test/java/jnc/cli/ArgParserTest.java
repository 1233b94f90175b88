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
        assertThat(server.target().host()).isNull();
        assertThat(server.target().port()).isEqualTo(61111);
        assertThat(server.verbosity()).isEqualTo(1);

        Options client = run("-v", "10.0.0.99", "61111");
        assertThat(client.listen()).isFalse();
        assertThat(client.target().host()).isEqualTo("10.0.0.99");
        assertThat(client.target().port()).isEqualTo(61111);
    }

    @Test
    void threeWaysToListenOnAPort() throws UsageException {
        assertThat(run("-l", "61111").target().port()).isEqualTo(61111);
        assertThat(run("-l", "-p", "61111").target().port()).isEqualTo(61111);
        Options withHost = run("-l", "127.0.0.1", "61111");
        assertThat(withHost.target().host()).isEqualTo("127.0.0.1");
        assertThat(withHost.target().port()).isEqualTo(61111);
        assertThat(run("-l", "127.0.0.1", "-p", "61111").target().port()).isEqualTo(61111);
        assertThat(run("-l").target().port()).isEqualTo(Options.DEFAULT_PORT);
    }

    @Test
    void getoptStyles() throws UsageException {
        Options o = run("-vvlkp61111", "--wait=2s", "--idle-tim", "500ms", "-q-1", "--", "127.0.0.1");
        assertThat(o.verbosity()).isEqualTo(2);
        assertThat(o.listen()).isTrue();
        assertThat(o.keepOpen()).isTrue();
        assertThat(o.target().port()).isEqualTo(61111);
        assertThat(o.target().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.session().idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.session().quitAfterEof()).isEqualTo(Duration.ofSeconds(-1));
        assertThat(o.target().host()).isEqualTo("127.0.0.1");
        // options after operands, as GNU getopt permits
        Options late = run("127.0.0.1", "80", "-v", "-C");
        assertThat(late.verbosity()).isEqualTo(1);
        assertThat(late.session().crlf()).isTrue();
        assertThat(late.target().port()).isEqualTo(80);
    }

    @Test
    void connectModeSourceAndFamily() throws UsageException {
        Options o = run("-4", "-n", "-s", "127.0.0.2", "-p", "40000", "127.0.0.1", "9");
        assertThat(o.target().family()).isEqualTo(Family.INET);
        assertThat(o.target().noDns()).isTrue();
        assertThat(o.target().sourceAddress()).isEqualTo("127.0.0.2");
        assertThat(o.target().sourcePort()).isEqualTo(40000);
        assertThat(run("-6", "::1", "9").target().family()).isEqualTo(Family.INET6);
        assertThat(run("localhost", "9").target().port()).isEqualTo(9);
        assertThat(run("localhost").target().port()).isEqualTo(Options.DEFAULT_PORT);
    }

    @Test
    void defaultsAndPlainBytes() throws UsageException {
        Options o = run("localhost", "9");
        assertThat(((Mode.Listen) run("-l", "9").mode()).door().maxConns()).isEqualTo(Options.DEFAULT_MAX_CONNS);
        assertThat(o.plainBytes()).isTrue();
        assertThat(run("-C", "localhost", "9").plainBytes()).isFalse();
        assertThat(run("-o", "x", "localhost", "9").plainBytes()).isFalse();
        assertThat(((Mode.Listen) run("-l", "-k", "-m", "7", "9").mode()).door().maxConns()).isEqualTo(7);
        assertThat(run("-N", "localhost", "9").session().noShutdown()).isFalse();
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

    @Test
    void socketKinds() throws UsageException {
        assertThat(run("-u", "localhost", "9").target().transport()).isEqualTo(Transport.UDP);
        assertThat(run("--sctp", "-l", "9").target().transport()).isEqualTo(Transport.SCTP);
        assertThat(run("localhost", "9").target().transport()).isEqualTo(Transport.TCP);
        Options unix = run("-U", "/tmp/x.sock");
        assertThat(unix.target().unix()).isTrue();
        assertThat(unix.target().host()).isEqualTo("/tmp/x.sock");
        assertThat(run("-l", "-U", "/tmp/x.sock").target().host()).isEqualTo("/tmp/x.sock");
        assertThat(run("-uU", "/tmp/x.sock").udp()).isTrue();
        assertThatThrownBy(() -> run("-U")).hasMessageContaining("path of a Unix domain socket");
        assertThatThrownBy(() -> run("-U", "-4", "/tmp/x")).hasMessageContaining("-U and -4/-6");
        assertThatThrownBy(() -> run("-u", "--sctp", "h", "1")).hasMessageContaining("SCTP");
        assertThatThrownBy(() -> run("-u", "--broker")).hasMessageContaining("brokering");
        assertThatThrownBy(() -> run("--sctp", "-l", "-k", "9")).hasMessageContaining("-k is not supported with --sctp");
    }

    @Test
    void scanPortsAsListsAndRanges() throws UsageException {
        Options o = run("-z", "-v", "127.0.0.1", "20-30,80,443");
        assertThat(o.mode()).isInstanceOf(Mode.Scan.class);
        assertThat(((Mode.Scan) o.mode()).ports().ports()).hasSize(13).startsWith(20, 21).endsWith(30, 80, 443);
        assertThat(((Mode.Scan) run("-z", "h", "80", "20-22", "21").mode()).ports().ports()).containsExactly(20, 21, 22, 80);
        assertThat(((Mode.Scan) run("-z", "h", "1-65535").mode()).ports().ports()).hasSize(65535);
        assertThat(run("h", "80").mode()).isInstanceOf(Mode.Connect.class); // one port: no list to carry
        assertThatThrownBy(() -> run("-z", "h", "30-20")).hasMessageContaining("range");
        assertThatThrownBy(() -> run("-z", "h", "0-20")).hasMessageContaining("Invalid port");
        assertThatThrownBy(() -> run("-z", "h", "80,")).hasMessageContaining("Invalid port");
        assertThatThrownBy(() -> run("-z", "h")).hasMessageContaining("ports to scan");
        assertThatThrownBy(() -> run("-z", "-l", "80")).hasMessageContaining("-z and -l");
        assertThatThrownBy(() -> run("h", "80", "81")).hasMessageContaining("more than one port");
    }

    @Test
    void rawSocketsAndPing() throws UsageException {
        Options raw = run("--raw");
        assertThat(((Mode.Raw) raw.mode()).protocol()).isEqualTo(1);
        assertThat(raw.target().host()).isNull();
        assertThat(((Mode.Raw) run("--raw", "--raw-proto", "udp", "127.0.0.1").mode()).protocol()).isEqualTo(17);
        assertThat(((Mode.Raw) run("--raw", "--raw-proto", "132").mode()).protocol()).isEqualTo(132);
        Options ping = run("--ping", "--count", "3", "--interval", "200ms", "::1");
        assertThat(((Mode.Ping) ping.mode()).count()).isEqualTo(3);
        assertThat(((Mode.Ping) ping.mode()).interval()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> run("--ping")).hasMessageContaining("host to ping");
        assertThatThrownBy(() -> run("--raw", "-l")).hasMessageContaining("mode of its own");
        assertThatThrownBy(() -> run("--raw-proto", "tcp", "h", "1")).hasMessageContaining("goes with --raw");
        assertThatThrownBy(() -> run("--raw", "--raw-proto", "xyz")).hasMessageContaining("Invalid --raw-proto");
        assertThatThrownBy(() -> run("--count", "2", "h", "1")).hasMessageContaining("--count");
    }

    @Test
    void socketOptions() throws UsageException {
        SocketTuning t = run("--sndbuf", "65536", "--rcvbuf", "131072", "--tos", "ef", "--ttl", "7",
                "--keepalive", "--reuseaddr", "--reuseport", "h", "1").tuning();
        assertThat(t).isEqualTo(new SocketTuning(65536, 131072, 184, 7, true, true, true));
        assertThat(run("h", "1").tuning()).isEqualTo(SocketTuning.DEFAULTS);
        assertThat(run("--tos", "af21", "h", "1").tuning().tos()).isEqualTo(72);
        assertThat(run("--tos", "cs1", "h", "1").tuning().tos()).isEqualTo(32);
        assertThat(run("--tos", "0x10", "h", "1").tuning().tos()).isEqualTo(16);
        assertThatThrownBy(() -> run("--tos", "256", "h", "1")).hasMessageContaining("Invalid --tos");
        assertThatThrownBy(() -> run("--ttl", "300", "h", "1")).hasMessageContaining("Invalid --ttl");
        assertThatThrownBy(() -> run("--sndbuf", "0", "h", "1")).hasMessageContaining("--sndbuf");
    }

    @Test
    void noSslOptionMeansNoTlsAndAnyOfThemImpliesSsl() throws UsageException {
        assertThat(run("localhost", "443").tls()).isNull();
        assertThat(run("--ssl", "localhost", "443").tls()).isNotNull();
        TlsOptions t = run("--ssl-verify", "--ssl-trustfile", "ca.pem", "--ssl-servername=example.org",
                "--ssl-alpn", "h2,http/1.1", "--ssl-ciphers", "HIGH", "localhost", "443").tls();
        assertThat(t.verify()).isTrue();
        assertThat(t.trustFile()).hasToString("ca.pem");
        assertThat(t.serverName()).isEqualTo("example.org");
        assertThat(t.alpn()).containsExactly("h2", "http/1.1");
        assertThat(t.ciphers()).isEqualTo("HIGH");
        assertThat(run("--ssl-alpn", "h2", "localhost", "443").tls().verify()).isFalse();
        TlsOptions server = run("-l", "--ssl-cert", "c.pem", "--ssl-key", "k.pem", "4433").tls();
        assertThat(server.cert()).hasToString("c.pem");
        assertThat(server.key()).hasToString("k.pem");
    }

    @Test
    void sslGoesWithChatAndBrokerAsInNcat() throws Exception {
        assertThat(run("-l", "--proxy-type", "http", "--ssl").tls()).isNotNull(); // and with the proxy server
        assertThat(run("--ssl", "--chat").tls()).isNotNull();
        assertThat(run("--ssl", "--broker").tls()).isNotNull();
    }

    @Test
    void sslCombinationsNcatRefuses() {
        assertThatThrownBy(() -> run("--ssl", "-u", "localhost", "443")).hasMessage("UDP mode does not support SSL.");
        assertThatThrownBy(() -> run("--ssl", "-U", "/tmp/s")).hasMessageContaining("TCP only");
        assertThatThrownBy(() -> run("--ssl", "-z", "localhost", "443")).hasMessageContaining("-z");
        assertThatThrownBy(() -> run("-l", "--ssl-cert", "c.pem", "4433")).hasMessageContaining("go together");
        assertThatThrownBy(() -> run("--ssl-alpn", "h2,,x", "localhost", "443")).hasMessageContaining("--ssl-alpn");
        assertThatThrownBy(() -> run("--ssl-servername=", "localhost", "443")).hasMessageContaining("--ssl-servername");
    }
}
