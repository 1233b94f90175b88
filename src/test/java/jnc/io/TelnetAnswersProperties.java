package jnc.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code -t} reads every byte a Telnet peer sends: whatever they are and however they are split
 * into reads, it answers with whole three-byte refusals and never throws.
 */
class TelnetAnswersProperties {
    @Provide
    Arbitrary<List<byte[]>> reads() {
        // Many IACs and verbs, so commands (and commands split across reads) are common.
        Arbitrary<Byte> telnetish = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 255)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 251, (byte) 252, (byte) 253, (byte) 254)),
                net.jqwik.api.Tuple.of(4, Arbitraries.bytes()));
        return telnetish.array(byte[].class).ofMaxSize(40).list().ofMaxSize(8);
    }

    @Property(tries = 1000)
    void answersAreWholeRefusals(@ForAll("reads") List<byte[]> reads) {
        TelnetAnswers t = new TelnetAnswers();
        for (byte[] read : reads) {
            ByteBuffer data = ByteBuffer.wrap(read);
            ByteBuffer out = t.answers(data);
            assertThat(data.position()).isZero(); // the data itself is not consumed
            if (out == null) continue;
            assertThat(out.remaining() % 3).isZero();
            for (int i = out.position(); i < out.limit(); i += 3) {
                assertThat(out.get(i) & 0xff).isEqualTo(TelnetAnswers.IAC);
                assertThat(out.get(i + 1) & 0xff).isIn(TelnetAnswers.WONT, TelnetAnswers.DONT);
            }
        }
    }
}
