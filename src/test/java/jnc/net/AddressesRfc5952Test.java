package jnc.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesRfc5952Test {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:db8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "1:0:0:0:0:0:0:0, 1::",
            "fe80:0:0:0:0:0:0:ABCD, fe80::abcd",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    })
    void shortFormOfRfc5952(String in, String expected) throws Exception {
        assertThat(Addresses.text(InetAddress.getByName(in))).isEqualTo(expected);
    }
}
