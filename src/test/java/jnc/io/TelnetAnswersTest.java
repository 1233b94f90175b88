package jnc.io;


import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class TelnetAnswersTest {
    private static ByteBuffer bytes(int... b) {
        ByteBuffer buf = ByteBuffer.allocate(b.length);
        for (int x : b) buf.put((byte) x);
        return buf.flip();
    }

    private static int[] ints(ByteBuffer buf) {
        if (buf == null) return new int[0];
        int[] out = new int[buf.remaining()];
        for (int i = 0; i < out.length; i++) out[i] = buf.get(buf.position() + i) & 0xff;
        return out;
    }

    @Test
    void everyOptionIsRefusedWhereverItStands() {
        // A, DO 24, WILL 1, B, DONT 5, WONT 3, IAC IAC (data 255), C, IAC NOP, D
        ByteBuffer in = bytes('A', 255, 253, 24, 255, 251, 1, 'B', 255, 254, 5, 255, 252, 3, 255, 255, 'C', 255, 241, 'D');
        ByteBuffer answers = new TelnetAnswers().answers(in);
        assertThat(ints(answers)).containsExactly(255, 252, 24, 255, 254, 1, 255, 252, 5, 255, 254, 3);
        assertThat(in.position()).isZero(); // the data itself is left for stdout, unchanged
        assertThat(in.remaining()).isEqualTo(20);
    }

    @Test
    void aCommandSplitAcrossReadsIsStillAnswered() {
        TelnetAnswers t = new TelnetAnswers();
        assertThat(t.answers(bytes('x', 255))).isNull();
        assertThat(t.answers(bytes(253))).isNull();
        assertThat(ints(t.answers(bytes(31, 'y')))).containsExactly(255, 252, 31);
    }

    @Test
    void plainDataAndEscapedBytesNeedNoAnswer() {
        assertThat(new TelnetAnswers().answers(bytes('h', 'i', 255, 255, 253, 1))).isNull(); // IAC IAC then plain 253 1
        assertThat(new TelnetAnswers().answers(bytes())).isNull();
    }

    @Test
    void aBufferFullOfCommandsGetsEveryAnswer() {
        int n = 1000;
        ByteBuffer in = ByteBuffer.allocate(3 * n);
        for (int i = 0; i < n; i++) in.put((byte) 255).put((byte) (i % 2 == 0 ? 253 : 251)).put((byte) (i % 40));
        ByteBuffer answers = new TelnetAnswers().answers(in.flip());
        assertThat(answers.remaining()).isEqualTo(3 * n);
        assertThat(answers.get(3 * 999 + 1) & 0xff).isEqualTo(254); // the last was WILL: DONT
    }
}
