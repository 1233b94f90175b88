package jnc.io;


import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CrlfEncoderTest {
    static String encode(CrlfEncoder e, String s) {
        ByteBuffer out = e.encode(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void loneLineFeedsBecomeCrLfExistingOnesStay() {
        CrlfEncoder e = new CrlfEncoder();
        assertThat(encode(e, "a\nb\r\nc\n\n")).isEqualTo("a\r\nb\r\nc\r\n\r\n");
    }

    @Test
    void aCrAtTheEndOfOneChunkPairsWithTheLfStartingTheNext() {
        CrlfEncoder e = new CrlfEncoder();
        assertThat(encode(e, "x\r")).isEqualTo("x\r");
        assertThat(encode(e, "\ny\n")).isEqualTo("\ny\r\n");
    }
}
