package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jnc.base.Failure;

class CipherSuitesTest {
    static final String[] SUPPORTED = {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA"};

    @Test
    void openSslNamesTranslateToJsseNames() {
        assertThat(CipherSuites.fromOpenSsl("ECDHE-RSA-AES128-GCM-SHA256")).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(CipherSuites.fromOpenSsl("ECDHE-ECDSA-AES256-GCM-SHA384")).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(CipherSuites.fromOpenSsl("ECDHE-RSA-CHACHA20-POLY1305")).isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(CipherSuites.fromOpenSsl("DHE-RSA-AES128-SHA256")).isEqualTo("TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
        assertThat(CipherSuites.fromOpenSsl("AES256-SHA")).isEqualTo("TLS_RSA_WITH_AES_256_CBC_SHA");
        assertThat(CipherSuites.fromOpenSsl("RC4-MD5")).isNull();
    }

    @Test
    void aListKeepsItsOrderAndTakesJsseNamesAsTheyAre() {
        assertThat(CipherSuites.select("ECDHE-RSA-CHACHA20-POLY1305:TLS_AES_128_GCM_SHA256:AES256-SHA", SUPPORTED))
                .containsExactly("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA");
    }

    @Test
    void keywordsAndOperatorsAloneKeepTheDefaults() {
        assertThat(CipherSuites.select("ALL:!aNULL:!eNULL:!LOW:!EXP:!RC4:!MD5:@STRENGTH", SUPPORTED)).isNull();
        assertThat(CipherSuites.select("HIGH:ECDHE-RSA-AES128-GCM-SHA256", SUPPORTED)).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void onlyUnknownSuitesIsAUsageError() {
        assertThatThrownBy(() -> CipherSuites.select("RC4-MD5:NOPE-SUITE", SUPPORTED)).isInstanceOf(Failure.class)
                .hasMessageContaining("RC4-MD5, NOPE-SUITE");
    }

    @Test
    void aes128GcmComesFirstAndNothingIsLostOrAdded() {
        String[] jdk = {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
        assertThat(CipherSuites.aes128First(jdk)).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    }
}
