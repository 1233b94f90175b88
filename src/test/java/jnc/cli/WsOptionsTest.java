package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** WebSocket URLs and options: what they become, and the combinations refused (exit 2). */
class WsOptionsTest {
    static Options run(String... args) throws UsageException {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    @Test
    void urlsBecomeHostPortAndPath() throws UsageException {
        Options o = run("ws://example.org:8080/chat/room?x=1");
        assertThat(o.target().host()).isEqualTo("example.org");
        assertThat(o.target().port()).isEqualTo(8080);
        assertThat(o.tls()).isNull();
        assertThat(o.ws().path()).isEqualTo("/chat/room?x=1");
        assertThat(o.ws().hostHeader()).isEqualTo("example.org:8080");

        Options secure = run("WSS://[::1]");
        assertThat(secure.target().host()).isEqualTo("::1");
        assertThat(secure.target().port()).isEqualTo(443);
        assertThat(secure.tls()).isNotNull();
        assertThat(secure.tls().verify()).isFalse();
        assertThat(secure.ws().path()).isEqualTo("/");
        assertThat(run("--ssl-verify", "wss://h/").tls().verify()).isTrue();

        assertThat(run("ws://h").target().port()).isEqualTo(80);
        assertThat(run("ws://h?q").ws().path()).isEqualTo("/?q");
    }

    @Test
    void theOptions() throws UsageException {
        Options o = run("--ws", "--ws-path", "/x", "-H", "A: 1", "-H", "B: 2", "--ws-protocol", "v1, v2", "--ping-interval", "5s",
                "--binary", "--ws-max-msg", "1000", "h", "1");
        assertThat(o.ws().path()).isEqualTo("/x");
        assertThat(o.ws().hostHeader()).isNull();
        assertThat(o.ws().headers()).containsExactly("A: 1", "B: 2");
        assertThat(o.ws().protocols()).isEqualTo(List.of("v1", "v2"));
        assertThat(o.ws().pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.ws().binary()).isTrue();
        assertThat(o.ws().maxMessage()).isEqualTo(1000);
        assertThat(run("--ws", "h", "1").ws().path()).isEqualTo("/");
        assertThat(run("-l", "--ws", "1").ws().path()).isNull(); // a listener serves any path
        assertThat(run("-l", "--chat", "--web", "1").ws().web()).isTrue();
        assertThat(run("h", "1").ws()).isNull();
    }

    @Test
    void refusedCombinations() {
        String[][] bad = {
            {"--binary", "h", "1"}, {"--web", "-l", "1"}, {"-l", "--web", "1"}, {"ws://[::1"}, {"ws://h:1", "2"},
            {"-l", "ws://h/"}, {"--ws", "-u", "h", "1"}, {"--ws", "-U", "/tmp/s"}, {"--ws", "-z", "h", "1"},
            {"-H", "bad", "--ws", "h", "1"}, {"-H", "a: b\r\nc: d", "--ws", "h", "1"}, {"-l", "-H", "a: b", "--ws", "1"},
            {"ws://h/", "--ws-path", "/x"}, {"--ws", "--ws-path", "x", "h", "1"}, {"ws://user@h/"}, {"ws://h/#f"},
            {"ws://:80/"}, {"--ws", "--ws-protocol", "a,,b", "h", "1"}, {"--ws", "--ping-interval", "0", "h", "1"},
        };
        for (String[] args : bad) {
            assertThatThrownBy(() -> run(args)).as(String.join(" ", args)).isInstanceOf(UsageException.class);
        }
    }
}
