package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedGroupsTest {
    @Test
    void p384MovesToJustBeforeP256AndTheRestKeepTheirOrder() {
        String[] jdk = {"x25519", "secp256r1", "secp384r1", "secp521r1", "x448", "ffdhe2048"};
        assertThat(NamedGroups.p384BeforeP256(jdk))
                .containsExactly("x25519", "secp384r1", "secp256r1", "secp521r1", "x448", "ffdhe2048");
    }

    @Test
    void aListWithoutBothOrAlreadyInThatOrderIsLeftAsItIsAndP384IsMovedFromAnywhere() {
        String[] noP384 = {"x25519", "secp256r1", "x448"};
        String[] ordered = {"x25519", "secp384r1", "secp256r1"};
        String[] p384Last = {"secp256r1", "x25519", "secp384r1"};
        assertThat(NamedGroups.p384BeforeP256(noP384)).containsExactly(noP384);
        assertThat(NamedGroups.p384BeforeP256(ordered)).containsExactly(ordered);
        assertThat(NamedGroups.p384BeforeP256(p384Last)).containsExactly("secp384r1", "secp256r1", "x25519");
    }

    @Test
    void theJdksOwnDefaultsOfferEveryGroupStillWithP384First() throws Exception {
        String[] jdk = javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getNamedGroups();
        String[] ours = NamedGroups.p384BeforeP256(jdk);
        assertThat(ours).containsExactlyInAnyOrder(jdk);
        assertThat(java.util.List.of(ours).indexOf("secp384r1")).isLessThan(java.util.List.of(ours).indexOf("secp256r1"));
    }
}
