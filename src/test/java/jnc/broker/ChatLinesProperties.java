package jnc.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import jnc.base.Printable;

/**
 * What one chat client sends, as any bytes in any reads, becomes lines the others can print safely:
 * valid UTF-8, each line with its sender's name, no control character but tab, no bidi control.
 */
class ChatLinesProperties {
    @Provide
    Arbitrary<List<byte[]>> reads() {
        Arbitrary<byte[]> text = Arbitraries.strings().withCharRange((char) 0, (char) 0x2100).ofMaxLength(300)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> long_ = Arbitraries.of("\u20ac", "x", "\u202e").map(s -> s.repeat(2000).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(text, raw, long_).list().ofMaxSize(6);
    }

    @Property(tries = 500)
    void everyLineIsNamedPrintableUtf8(@ForAll("reads") List<byte[]> reads) throws Exception {
        ChatLines lines = new ChatLines(7);
        StringBuilder all = new StringBuilder();
        for (byte[] read : reads) {
            lines.take(read, 0, read.length);
            if (lines.hasOutput()) all.append(strictUtf8(lines.drain()));
        }
        lines.finish();
        if (lines.hasOutput()) all.append(strictUtf8(lines.drain()));
        String out = all.toString();
        if (out.isEmpty()) return;
        assertThat(out).endsWith("\n");
        for (String line : out.substring(0, out.length() - 1).split("\n", -1)) {
            assertThat(line).startsWith("<user7> ");
            line.chars().forEach(c -> assertThat(c == '\t' || !Printable.unsafe((char) c)).as("U+%04X in %s", c, line).isTrue());
        }
    }

    private static String strictUtf8(byte[] b) throws Exception {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    }
}
