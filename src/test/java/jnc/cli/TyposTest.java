package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hints for a student's typos: the course text's "-1", a PDF's dashes, a misspelt long option. */
class TyposTest {
    @Test
    void theDigitOneNamesTheLetterL() {
        assertThatThrownBy(() -> ArgParser.parse("-v", "-1", "61111"))
                .isInstanceOf(UsageException.class).hasMessageContaining("did you mean -l");
    }

    @Test
    void enAndEmDashesFromAPdfNameTheOptionMeant() {
        assertThatThrownBy(() -> ArgParser.parse("-v", "\u2013l", "61111"))
                .hasMessageContaining("U+2013").hasMessageContaining("type -l");
        assertThatThrownBy(() -> ArgParser.parse("\u2014l", "61111"))
                .hasMessageContaining("U+2014").hasMessageContaining("type -l");
        assertThatThrownBy(() -> ArgParser.parse("\u2013\u2013listen", "61111")).hasMessageContaining("type --listen");
        assertThatThrownBy(() -> ArgParser.parse("\u2014v", "10.0.0.99", "61111")).hasMessageContaining("type -v");
    }

    @Test
    void aMisspeltLongOptionGetsTheClosestOne() {
        assertThatThrownBy(() -> ArgParser.parse("--lsiten", "61111")).hasMessageContaining("did you mean --listen?");
        assertThatThrownBy(() -> ArgParser.parse("--verbsoe")).hasMessageContaining("did you mean --verbose?");
        assertThatThrownBy(() -> ArgParser.parse("--keep-opne", "-l", "1")).hasMessageContaining("did you mean --keep-open?");
    }

    @Test
    void somethingFarFromEveryOptionGetsNoGuess() {
        assertThatThrownBy(() -> ArgParser.parse("--frobnicate-widgets")).hasMessageContaining("try 'jnc --help'")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(Typos.distance("lsiten", "listen")).isEqualTo(1);
        assertThat(Typos.distance("", "abc")).isEqualTo(3);
        assertThat(Typos.distance("udp", "udp")).isZero();
    }

    @Test
    void anOrdinaryHyphenStillWorks() throws UsageException {
        assertThat(ArgParser.parse("-l", "61111")).isInstanceOf(ArgParser.Run.class);
    }
}
