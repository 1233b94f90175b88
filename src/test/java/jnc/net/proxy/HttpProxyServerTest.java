package jnc.net.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pieces of {@code -l --proxy-type http} that need no socket: the request target and the credentials. */
class HttpProxyServerTest {
    @Test
    void authorityForms() {
        assertThat(HttpProxyServer.Authority.parse("example.org:443")).isEqualTo(new HttpProxyServer.Authority("example.org", 443));
        assertThat(HttpProxyServer.Authority.parse("[::1]:22")).isEqualTo(new HttpProxyServer.Authority("::1", 22));
        assertThat(HttpProxyServer.Authority.parse("example.org")).isNull();
        assertThat(HttpProxyServer.Authority.parse("example.org:")).isNull();
        assertThat(HttpProxyServer.Authority.parse(":80")).isNull();
        assertThat(HttpProxyServer.Authority.parse("::1:22")).isNull();
        assertThat(HttpProxyServer.Authority.parse("h:0")).isNull();
        assertThat(HttpProxyServer.Authority.parse("h:65536")).isNull();
        assertThat(HttpProxyServer.Authority.parse("h:8x")).isNull();
    }

    @Test
    void basicCredentials() {
        // RFC 7617's example: Aladdin / open sesame
        assertThat(HttpProxyServer.authorized("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin:open sesame")).isTrue();
        assertThat(HttpProxyServer.authorized("basic  QWxhZGRpbjpvcGVuIHNlc2FtZQ== ", "Aladdin:open sesame")).isTrue();
        assertThat(HttpProxyServer.authorized("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin:closed")).isFalse();
        assertThat(HttpProxyServer.authorized("Digest username=\"Aladdin\"", "Aladdin:open sesame")).isFalse();
        assertThat(HttpProxyServer.authorized(null, "a:b")).isFalse();
    }
}
