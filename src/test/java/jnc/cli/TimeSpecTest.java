package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {
    @ParameterizedTest
    @CsvSource({"500ms,500", "2s,2000", "2,2000", "1.5,1500", "1m,60000", "1h,3600000", "0.25s,250"})
    void ncatUnits(String text, long millis) throws UsageException {
        assertThat(TimeSpec.parsePositive(text, Opt.WAIT)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "abc", "1x", "1.2.3", "ms", "--1"})
    void rejectsWhatIsNotATime(String text) {
        assertThatThrownBy(() -> TimeSpec.parse(text, Opt.WAIT)).isInstanceOf(UsageException.class)
                .hasMessageContaining("-w/--wait");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "-1"})
    void positiveMeansPositive(String text) {
        assertThatThrownBy(() -> TimeSpec.parsePositive(text, Opt.IDLE_TIMEOUT)).hasMessageContaining("greater than 0");
    }

    /** The hand-written number check accepts exactly what the regex it replaced accepted (seeded). */
    @org.junit.jupiter.api.Test
    void theNumberCheckIsTheRegexItReplaced() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("-?[0-9]*\\.?[0-9]+");
        String alphabet = "-.0123456789+e ";
        java.util.Random random = new java.util.Random(20261205L);
        for (String edge : new String[] {"", "-", ".", "-.", "5", ".5", "5.", "-5.5", "--5", "5-", "1.2.3", "٣"}) {
            assertThat(TimeSpec.isNumber(edge)).as(edge).isEqualTo(regex.matcher(edge).matches());
        }
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(7); k > 0; k--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = b.toString();
            assertThat(TimeSpec.isNumber(text)).as("case %d: \"%s\"", n, text).isEqualTo(regex.matcher(text).matches());
        }
    }
}
