package jnc.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ChatLinesTest {
    private static String feed(ChatLines lines, String... reads) {
        StringBuilder seen = new StringBuilder();
        for (String r : reads) {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            lines.take(b, 0, b.length);
            if (lines.hasOutput()) seen.append(new String(lines.drain(), StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @Test
    void everyLineGetsItsSendersNameEvenWhenManyArriveAtOnce() {
        assertThat(feed(new ChatLines(7), "one\ntwo\nthree\n")).isEqualTo("<user7> one\n<user7> two\n<user7> three\n");
    }

    @Test
    void aLineSplitAcrossReadsIsHeldUntilItsEnd() {
        ChatLines lines = new ChatLines(2);
        assertThat(feed(lines, "How are ")).isEmpty();
        assertThat(feed(lines, "you?\nand")).isEqualTo("<user2> How are you?\n");
        lines.finish(); // the client left without a last newline
        assertThat(new String(lines.drain(), StandardCharsets.UTF_8)).isEqualTo("<user2> and\n");
    }

    @Test
    void controlBytesAreEscapedAndUtf8Stays() {
        String out = feed(new ChatLines(1), "\u001b[2J\u0007grüß\b\tdich\u007f\r\n");
        assertThat(out).isEqualTo("<user1> \\x1b[2J\\x07grüß\\x08\tdich\\x7f\n");
    }

    @Test
    void aLoneCarriageReturnIsEscapedButCrlfEndsTheLine() {
        assertThat(feed(new ChatLines(1), "over\rwrite\r\n")).isEqualTo("<user1> over\\x0dwrite\n");
    }

    @Test
    void c1ControlsAndBytesThatAreNotUtf8CannotReachATerminal() {
        ChatLines lines = new ChatLines(1);
        // U+009B is CSI in 8-bit terminals; a bare 0x9b byte is no UTF-8 at all; so is an overlong '/'.
        byte[] b = {(byte) 0xc2, (byte) 0x9b, '2', 'J', (byte) 0x9b, (byte) 0xc0, (byte) 0xaf, '\n'};
        lines.take(b, 0, b.length);
        assertThat(new String(lines.drain(), StandardCharsets.UTF_8)).isEqualTo("<user1> \\x9b2J\ufffd\ufffd\ufffd\n");
    }

    @Test
    void aVeryLongLineIsPassedOnInPieces() {
        String longLine = "x".repeat(Chat.MAX_LINE + 10) + "\n";
        String out = feed(new ChatLines(3), longLine);
        assertThat(out).isEqualTo("<user3> " + "x".repeat(Chat.MAX_LINE) + "\n<user3> " + "x".repeat(10) + "\n");
    }
}
