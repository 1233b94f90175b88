package jnc.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import org.junit.jupiter.api.Test;

import jnc.cli.ArgParser;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;

/** The one door, in-process: allow/deny, -m and giving places back, for any acceptor. */
class DoorTest {
    static Door door(String... args) throws Exception {
        jnc.cli.Options o = ((ArgParser.Run) ArgParser.parse(args)).options();
        return Door.of(((jnc.cli.Mode.Listen) o.mode()).door(), o.target().noDns());
    }

    static final Acceptor ANY = new Acceptor() {
        @Override
        public NetEnd next(Admission door) {
            return null;
        }

        @Override
        public String connectionLine(SocketAddress remote, String outcome) {
            return "Connection from " + remote + " " + outcome;
        }

        @Override
        public void close() {
        }
    };

    static SocketAddress from(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    @Test
    void allowListLetsInOnlyItsHostsAndDenyWins() throws Exception {
        Door d = door("-l", "-k", "--allow", "127.0.0.0/8", "--deny", "127.0.0.2", "9000");
        assertThat(d.admit(from("127.0.0.1"), ANY)).isTrue();
        assertThat(d.admit(from("127.0.0.2"), ANY)).isFalse();
        assertThat(d.admit(from("10.0.0.66"), ANY)).isFalse();
    }

    @Test
    void maxConnsTurnsAwayThePeerOverTheLimitUntilAPlaceIsGivenBack() throws Exception {
        Door d = door("-l", "-k", "-m", "2", "9000");
        assertThat(d.admit(from("127.0.0.1"), ANY)).isTrue();
        assertThat(d.admit(from("127.0.0.1"), ANY)).isTrue();
        assertThat(d.admit(from("127.0.0.1"), ANY)).isFalse();
        assertThat(d.inside()).isEqualTo(2);
        d.release();
        assertThat(d.admit(from("127.0.0.1"), ANY)).isTrue();
    }

    @Test
    void aDeniedPeerTakesNoPlace() throws Exception {
        Door d = door("-l", "-k", "-m", "1", "--deny", "127.0.0.9", "9000");
        assertThat(d.admit(from("127.0.0.9"), ANY)).isFalse();
        assertThat(d.inside()).isZero();
        assertThat(d.admit(from("127.0.0.1"), ANY)).isTrue();
    }

    @Test
    void aUnixPeerHasNoAddressToJudgeButCountsForMaxConns() throws Exception {
        Door d = door("-l", "-k", "-m", "1", "--allow", "127.0.0.1", "9000");
        assertThat(d.admit(UnixDomainSocketAddress.of("/tmp/x.sock"), ANY)).isTrue();
        assertThat(d.admit(null, ANY)).isFalse(); // over -m
    }
}
