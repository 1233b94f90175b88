package jnc.io;


import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HexLogTest {
    @Test
    void formatsSixteenBytesALineWithOffsetsAndAscii() {
        byte[] data = "0123456789abcdefXY\u0001".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.wrap(data);
        StringBuilder sb = new StringBuilder();
        HexLog.format(sb, '<', 0x20, buf);
        assertThat(sb.toString()).isEqualTo("""
                < 00000020  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|
                < 00000030  58 59 01                                          |XY.|
                """);
        assertThat(buf.position()).as("the tap must not consume the buffer").isZero();
    }
}
