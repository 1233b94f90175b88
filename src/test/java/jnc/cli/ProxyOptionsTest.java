package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --proxy} and its companions on the command line: Ncat's defaults, forms and refusals. */
class ProxyOptionsTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    @Test
    void noProxyByDefault() throws UsageException {
        assertThat(run("127.0.0.1", "80").proxy()).isNull();
    }

    @Test
    void ncatDefaultsHttpOnPort3128AndRemoteDns() throws UsageException {
        ProxySpec p = run("--proxy", "proxy.example", "example.org", "80").proxy();
        assertThat(p.host()).isEqualTo("proxy.example");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.type()).isEqualTo(ProxySpec.Type.HTTP);
        assertThat(p.dns()).isEqualTo(ProxySpec.Dns.REMOTE);
        assertThat(p.auth()).isNull();
    }

    @Test
    void socksDefaultsToPort1080() throws UsageException {
        assertThat(run("--proxy", "10.0.0.1", "--proxy-type", "socks5", "h", "1").proxy().port()).isEqualTo(1080);
        assertThat(run("--proxy", "10.0.0.1", "--proxy-type", "socks4", "h", "1").proxy().port()).isEqualTo(1080);
        // Ncat also takes the bare version numbers
        assertThat(run("--proxy", "10.0.0.1", "--proxy-type", "5", "h", "1").proxy().type()).isEqualTo(ProxySpec.Type.SOCKS5);
    }

    @Test
    void addressForms() throws UsageException {
        ProxySpec v4 = run("--proxy=127.0.0.1:8080", "h", "1").proxy();
        assertThat(v4.host()).isEqualTo("127.0.0.1");
        assertThat(v4.port()).isEqualTo(8080);
        ProxySpec v6 = run("--proxy", "[::1]:1081", "--proxy-type", "socks5", "h", "1").proxy();
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(1081);
        assertThat(v6.display()).isEqualTo("[::1]:1081");
        ProxySpec v6NoPort = run("--proxy", "[::1]", "h", "1").proxy();
        assertThat(v6NoPort.port()).isEqualTo(3128);
        // several colons without brackets: an IPv6 address with no port, as in Ncat
        ProxySpec bare6 = run("--proxy", "::1", "h", "1").proxy();
        assertThat(bare6.host()).isEqualTo("::1");
        assertThat(bare6.port()).isEqualTo(3128);
    }

    @Test
    void authAndDns() throws UsageException {
        ProxySpec p = run("--proxy", "p", "--proxy-auth", "joe:sec:ret", "--proxy-dns", "both", "h", "1").proxy();
        assertThat(p.auth()).isEqualTo("joe:sec:ret");
        assertThat(p.dns()).isEqualTo(ProxySpec.Dns.BOTH);
        assertThat(p.dns().local()).isTrue();
        assertThat(p.dns().remote()).isTrue();
        // SOCKS4 takes a user id, no password
        assertThat(run("--proxy", "p", "--proxy-type", "socks4", "--proxy-auth", "joe", "h", "1").proxy().auth()).isEqualTo("joe");
        assertThat(ProxySpec.Dns.NONE.local() || ProxySpec.Dns.NONE.remote()).isFalse();
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThatThrownBy(() -> run("--proxy", "p", "--proxy-type", "socks6", "h", "1")).hasMessageContaining("Invalid proxy type \"socks6\"");
        assertThatThrownBy(() -> run("--proxy", "p", "--proxy-dns", "sometimes", "h", "1")).hasMessageContaining("Invalid proxy DNS type");
        assertThatThrownBy(() -> run("--proxy", "p:0", "h", "1")).hasMessageContaining("Invalid proxy port number \"0\"");
        assertThatThrownBy(() -> run("--proxy", "p:99999", "h", "1")).hasMessageContaining("Invalid proxy port number");
        assertThatThrownBy(() -> run("--proxy", "[::1", "h", "1")).hasMessageContaining("Invalid proxy IPv6 address");
        assertThatThrownBy(() -> run("--proxy", ":80", "h", "1")).hasMessageContaining("no host");
        assertThatThrownBy(() -> run("--proxy", "p", "--proxy-type", "socks5", "--proxy-auth", "joe", "h", "1")).hasMessageContaining("needs user:password");
        assertThatThrownBy(() -> run("--proxy", "p", "--proxy-type", "socks5", "--proxy-auth", "x".repeat(256) + ":y", "h", "1"))
                .hasMessageContaining("at most 255 bytes");
        assertThatThrownBy(() -> run("--proxy", "p", "--proxy-type", "socks4", "::1", "1")).hasMessageContaining("not supported with SOCKS4");
    }

    @Test
    void onlyInTcpConnectMode() {
        assertThatThrownBy(() -> run("--proxy", "p", "-l", "1")).hasMessage("Invalid option combination: --proxy and -l.");
        assertThatThrownBy(() -> run("--proxy", "p", "-u", "h", "1")).hasMessageContaining("does not go with -u");
        assertThatThrownBy(() -> run("--proxy", "p", "-U", "/tmp/s")).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> run("--proxy", "p", "-z", "h", "1")).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> run("--proxy-type", "socks5", "h", "1")).hasMessageContaining("without proxy address");
        assertThatThrownBy(() -> run("--proxy-auth", "a:b", "h", "1")).hasMessage("--proxy-auth goes with --proxy.");
    }

    @Test
    void listenWithProxyTypeIsAnHttpProxyServer() throws UsageException {
        Options o = run("-l", "--proxy-type", "http", "--proxy-auth", "a:b", "127.0.0.1");
        assertThat(o.proxy()).isNull(); // the proxy jnc is, not one it connects through
        assertThat(((LocalSide.ProxyServer) o.local()).spec().auth()).isEqualTo("a:b");
        assertThat(o.target().port()).isEqualTo(3128); // Ncat's default for its proxy server
        assertThat(run("-l", "--proxy-type", "http", "8888").target().port()).isEqualTo(8888);
        assertThat(run("-l", "-p", "8889", "--proxy-type", "http").target().port()).isEqualTo(8889);
        assertThat(run("-l", "8888").local()).isInstanceOf(LocalSide.Stdio.class);
        assertThatThrownBy(() -> run("-l", "--proxy-type", "socks5", "8888")).hasMessageContaining("only supports \"http\"");
        assertThatThrownBy(() -> run("-l", "--proxy-type", "http", "--echo", "8888")).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> run("-l", "--proxy-type", "http", "-u", "8888")).hasMessageContaining("does not go with");
        assertThatThrownBy(() -> run("-l", "--proxy-type", "http", "--proxy-dns", "local", "8888")).hasMessage("--proxy-dns goes with --proxy.");
    }
}
