package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class DerTest {
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void objectIdentifiersAreWrittenBase128WithTheFirstTwoArcsInOneByte() {
        // sha256WithRSAEncryption, as every certificate that uses it spells it
        assertThat(hex(Der.oid("1.2.840.113549.1.1.11"))).isEqualTo("06092a864886f70d01010b");
        assertThat(hex(Der.oid("2.5.4.3"))).isEqualTo("0603550403");
    }

    @Test
    void objectIdentifiersReadBackToTheirDottedForm() {
        for (String oid : new String[] {"1.2.840.113549.1.1.1", "1.2.840.10045.3.1.7", "2.5.29.17", "1.3.101.112"}) {
            assertThat(Der.read(Der.oid(oid)).oid()).isEqualTo(oid);
        }
    }

    @Test
    void shortLongAndLongerLengths() {
        assertThat(hex(Der.octetString(new byte[3]))).isEqualTo("0403000000");
        assertThat(hex(Der.octetString(new byte[200])).substring(0, 6)).isEqualTo("0481c8");
        assertThat(hex(Der.octetString(new byte[300])).substring(0, 8)).isEqualTo("0482012c");
        Der.Element e = Der.read(Der.octetString(new byte[300]));
        assertThat(e.end() - e.start()).isEqualTo(300);
    }

    @Test
    void integersAreTwosComplementSoAHighBitGetsALeadingZero() {
        assertThat(hex(Der.integer(2))).isEqualTo("020102");
        assertThat(hex(Der.integer(128))).isEqualTo("02020080");
        assertThat(hex(Der.integer(BigInteger.ZERO))).isEqualTo("020100");
    }

    @Test
    void sequencesNestAndReadBack() {
        byte[] seq = Der.sequence(Der.integer(1), Der.explicit(0, Der.oid("2.5.4.3")), Der.nullValue());
        var children = Der.read(seq).children();
        assertThat(children).extracting(Der.Element::tag).containsExactly(0x02, 0xa0, 0x05);
        assertThat(Der.read(children.get(1).value()).oid()).isEqualTo("2.5.4.3");
    }

    @Test
    void timesAreUtcTimeUntil2049AndGeneralizedTimeAfter() {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 25, 22, 54, 30, 0, ZoneOffset.ofHours(2));
        assertThat(new String(Der.time(t), 2, 13, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("261125205430Z");
        byte[] late = Der.time(t.withYear(2051));
        assertThat(late[0]).isEqualTo((byte) Der.GENERALIZED_TIME);
        assertThat(new String(late, 2, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("20511125205430Z");
    }
}
