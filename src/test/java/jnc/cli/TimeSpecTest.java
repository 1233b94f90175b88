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
}
