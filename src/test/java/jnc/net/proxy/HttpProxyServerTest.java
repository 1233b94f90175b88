package jnc.net.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The pieces of {@code -l --proxy-type http} that need no socket: targets, heads and credentials. */
class HttpProxyServerTest {
    @Test
    void connectAuthorityForms() {
        assertThat(Target.ofConnect("example.org:443")).isEqualTo(new Target("example.org", 443, "example.org:443", null));
        assertThat(Target.ofConnect("[::1]:22").host()).isEqualTo("::1");
        for (String bad : new String[] {"example.org", "example.org:", ":80", "::1:22", "h:0", "h:65536", "h:8x", "[::1]", "[::1]:"}) {
            assertThatThrownBy(() -> Target.ofConnect(bad)).as(bad).isInstanceOf(HttpError.class);
        }
    }

    @Test
    void absoluteUris() {
        assertThat(Target.ofAbsoluteUri("http://127.0.0.1:40000")).isEqualTo(new Target("127.0.0.1", 40000, "127.0.0.1:40000", "/"));
        assertThat(Target.ofAbsoluteUri("HTTP://h/%41?x#frag")).isEqualTo(new Target("h", 80, "h", "/%41?x"));
        assertThat(Target.ofAbsoluteUri("http://[::1]:8/a").host()).isEqualTo("::1");
        for (String bad : new String[] {"/", "127.0.0.1", "https://h/", "http://user@h/", "http:///x"}) {
            assertThatThrownBy(() -> Target.ofAbsoluteUri(bad)).as(bad).isInstanceOf(HttpError.class);
        }
    }

    private static RequestHead head(String text) throws IOException {
        return RequestHead.read(new RequestReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void foldedFieldsAreJoinedNotDropped() throws IOException {
        RequestHead h = head("CONNECT h:1 HTTP/1.0\r\nProxy-Authorization:\t  Basic  \r\n\t  \n dXNlcjpwYXNz\r\nA: 1\r\n\r\n");
        assertThat(h.value("proxy-authorization")).isEqualTo("Basic dXNlcjpwYXNz");
        assertThat(h.value("A")).isEqualTo("1");
    }

    @Test
    void overlongHeadsAreRefusedWithTheirStatus() {
        assertThatThrownBy(() -> head("CONNECT " + "A".repeat(24000) + ":1 HTTP/1.0\r\n\r\n"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.code).isEqualTo(414));
        assertThatThrownBy(() -> head("CONNECT h:1 HTTP/1.0\r\n" + "Header: Value\r\n".repeat(10000) + "\r\n"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.code).isEqualTo(413));
        assertThatThrownBy(() -> head("bad\r\n\r\n")).isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.code).isEqualTo(400));
    }

    @Test
    void basicAndDigestCredentials() throws IOException {
        ServerAuth auth = new ServerAuth("user:pass");
        String b64 = Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
        assertThat(auth.admits(head("CONNECT h:1 HTTP/1.0\r\npROXY-aUTHORIZATION: BASIC " + b64 + "\r\n\r\n"))).isTrue();
        assertThat(auth.admits(head("CONNECT h:1 HTTP/1.0\r\nProxy-Authorization: Basic " + b64 + "\n extra\r\n\r\n"))).isFalse();
        assertThat(auth.admits(head("CONNECT h:1 HTTP/1.0\r\nProxy-Authorization: French fries\r\n\r\n"))).isFalse();
        assertThat(auth.admits(head("CONNECT h:1 HTTP/1.0\r\n\r\n"))).isFalse();

        String nonce = auth.nonce(System.currentTimeMillis());
        String ok = Digest.response("MD5", "user", "jnc", "pass", "CONNECT", "h:1", nonce, "auth", "00000001", "abc");
        String digest = "Digest username=\"user\", realm=\"jnc\", nonce=\"" + nonce + "\", uri=\"h:1\", qop=auth, nc=00000001, cnonce=\"abc\", response=\"";
        assertThat(auth.admits(head("CONNECT h:1 HTTP/1.0\r\nProxy-Authorization: " + digest + ok + "\"\r\n\r\n"))).isTrue();
        assertThat(auth.admits(head("CONNECT h:2 HTTP/1.0\r\nProxy-Authorization: " + digest.replace("h:1", "h:2") + ok + "\"\r\n\r\n"))).isFalse();
        String stale = auth.nonce(System.currentTimeMillis() - ServerAuth.NONCE_LIFETIME_MS - 1000);
        assertThat(auth.nonceValid(stale)).isFalse();
        assertThat(auth.nonceValid(nonce.substring(1))).isFalse();
        assertThat(new ServerAuth("user:pass").nonceValid(nonce)).as("another server's key").isFalse();
    }

    @Test
    void challengesSplitOnSchemes() {
        var list = AuthParams.parse("Basic realm=\"r\", NTLM, Digest realm=\"r\", nonce=\"n\", qop=\"auth,auth-int\"");
        assertThat(list).extracting(AuthParams::scheme).containsExactly("basic", "ntlm", "digest");
        assertThat(list.get(2).param("qop")).isEqualTo("auth,auth-int");
        assertThat(AuthParams.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").getFirst().token68()).isEqualTo("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
