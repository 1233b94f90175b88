package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --code}: its optional argument, the TLS it implies, and the modes it does not go with. */
class CodeOptionTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    @Test
    void aListenerWithoutACodeAsksForOneAndTheNextOperandStaysAPort() throws Exception {
        Options o = run("-l", "--code", "8080");
        assertThat(o.tls()).isNotNull();
        assertThat(o.tls().code()).isEmpty();
        assertThat(o.target().port()).isEqualTo(8080);
    }

    @Test
    void theWordAfterCodeIsTheCodeWhenItHasACodesShape() throws Exception {
        Options o = run("--code", "7-apfel-tisch", "127.0.0.1", "9000");
        assertThat(o.tls().code()).isEqualTo("7-apfel-tisch");
        assertThat(o.target().host()).isEqualTo("127.0.0.1");
        assertThat(run("127.0.0.1", "9000", "--code=12-Apple-Table").tls().code()).isEqualTo("12-Apple-Table");
        assertThat(run("-l", "9000", "--code", "3-bär-öl").tls().code()).isEqualTo("3-bär-öl");
    }

    @Test
    void aPlainRunHasNoCode() throws Exception {
        assertThat(run("127.0.0.1", "9000").tls()).isNull();
        assertThat(run("--ssl", "127.0.0.1", "9000").tls().code()).isNull();
    }

    @Test
    void theConnectingSideMustGiveTheCode() {
        assertThatThrownBy(() -> run("127.0.0.1", "9000", "--code")).isInstanceOf(UsageException.class).hasMessageContaining("--code needs the code");
        assertThatThrownBy(() -> run("127.0.0.1", "9000", "--code=9000")).isInstanceOf(UsageException.class).hasMessageContaining("Invalid --code");
    }

    @Test
    void itGoesOnlyWhereTlsGoes() {
        assertThatThrownBy(() -> run("-u", "-l", "9000", "--code")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("-U", "/tmp/s", "--code", "1-a-b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("-z", "127.0.0.1", "9000", "--code", "1-a-b")).isInstanceOf(UsageException.class);
    }

    @Test
    void codeShapes() {
        assertThat(ArgParser.looksLikeCode("7-apfel-tisch")).isTrue();
        assertThat(ArgParser.looksLikeCode("0-a")).isTrue();
        assertThat(ArgParser.looksLikeCode("8080")).isFalse();
        assertThat(ArgParser.looksLikeCode("20-30")).isFalse(); // a port range
        assertThat(ArgParser.looksLikeCode("-l")).isFalse();
        assertThat(ArgParser.looksLikeCode("host-1")).isFalse();
        assertThat(ArgParser.looksLikeCode("7-")).isFalse();
        assertThat(ArgParser.looksLikeCode("7-a b")).isFalse();
    }
}
