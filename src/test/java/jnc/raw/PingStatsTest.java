package jnc.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingStatsTest {
    @Test
    void summaryAsPingPrintsIt() {
        PingStats s = new PingStats();
        for (int i = 0; i < 3; i++) s.sent();
        s.replied(1_000_000);
        s.replied(3_000_000);
        assertThat(s.received()).isEqualTo(2);
        assertThat(s.summary("127.0.0.1", 402)).isEqualTo("""

                --- 127.0.0.1 ping statistics ---
                3 packets transmitted, 2 received, 33% packet loss, time 402ms
                rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms
                """);
    }

    @Test
    void noReplyNoRttLine() {
        PingStats s = new PingStats();
        s.sent();
        assertThat(s.summary("::1", 1000)).endsWith("1 packets transmitted, 0 received, 100% packet loss, time 1000ms\n");
        assertThat(new PingStats().summary("h", 0)).contains("0 packets transmitted, 0 received, 0% packet loss");
    }

    @Test
    void theSummaryIsClaimedOnce() {
        PingStats s = new PingStats();
        assertThat(s.claimSummary()).isTrue();
        assertThat(s.claimSummary()).isFalse();
    }

    @Test
    void roundTripTimesWithAboutThreeDigits() {
        assertThat(PingStats.millis(45_000)).isEqualTo("0.045");
        assertThat(PingStats.millis(4_360_000)).isEqualTo("4.36");
        assertThat(PingStats.millis(32_816_000)).isEqualTo("32.8");
        assertThat(PingStats.millis(123_400_000)).isEqualTo("123");
    }
}
