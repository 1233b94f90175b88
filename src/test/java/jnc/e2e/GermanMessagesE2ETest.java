package jnc.e2e;

import static jnc.e2e.StudentE2ETest.german;
import static jnc.e2e.StudentE2ETest.requireGermanLocale;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real errors and -v/-vv lines under LANG=de_DE.UTF-8: each comes out as one German line (the unit
 * test MessageCoverageTest checks that every message in the source has its German; this checks that
 * the lines a run prints are the ones the templates expect), while the course's lines stay English.
 */
@Timeout(120)
class GermanMessagesE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @BeforeEach
    void germanLocale() {
        requireGermanLocale();
    }

    /** A port where nobody listens: bound and closed again. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String fails(int exit, String... args) {
        try (Proc p = german(args).stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isEqualTo(exit);
            assertThat(p.stderr().lines().count()).as(p.stderr()).isEqualTo(1);
            return p.stderr();
        }
    }

    @Test
    void aRefusedConnectionIsOneGermanLine() throws Exception {
        int port = closedPort();
        // The reason is glibc's own text in German ("Verbindungsaufbau abgelehnt") or jnc's ("Verbindung abgelehnt").
        assertThat(fails(1, "127.0.0.1", String.valueOf(port)))
                .matches("jnc: Verbindung zu 127\\.0\\.0\\.1 Port " + port + " \\(tcp\\) fehlgeschlagen: Verbindung\\w* abgelehnt\\.\n");
    }

    /** A scan's refusal lines keep nc's order of words, in German. */
    @Test
    void aScansRefusalIsGerman() throws Exception {
        int port = closedPort();
        try (Proc p = german("-v", "-z", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isEqualTo(1);
            assertThat(p.stderr()).matches("jnc: Verbindung zu 127\\.0\\.0\\.1 Port " + port
                    + " \\(tcp\\) fehlgeschlagen: Verbindung\\w* abgelehnt\n");
        }
    }

    @Test
    void usageErrorsAreGerman() {
        assertThat(fails(2, "127.0.0.1", "99999")).isEqualTo("jnc: Ung\u00fcltige Portnummer \u201e99999\u201c.\n");
        assertThat(fails(2, "-w", "0", "127.0.0.1", "80"))
                .isEqualTo("jnc: Ung\u00fcltige Zeit f\u00fcr -w/--wait: \u201e0\u201c (muss gr\u00f6\u00dfer als 0 sein).\n");
        assertThat(fails(2, "-z", "-l", "80")).isEqualTo("jnc: -z und -l k\u00f6nnen nicht zusammen verwendet werden.\n");
        assertThat(fails(2, "--raw-proto", "tcp", "127.0.0.1"))
                .isEqualTo("jnc: --raw-proto geh\u00f6rt zu --raw.\n");
        assertThat(fails(2, "--proxy-type", "gopher", "--proxy", "127.0.0.1", "127.0.0.1", "80"))
                .isEqualTo("jnc: Ung\u00fcltige Proxy-Art \u201egopher\u201c (http, socks4 oder socks5).\n");
    }

    @Test
    void anUnknownHostIsGerman() {
        // The resolver's reason depends on the machine (no DNS in a sandbox, NXDOMAIN elsewhere).
        assertThat(fails(2, "no-such-host.invalid", "80"))
                .startsWith("jnc: Hostname \u201eno-such-host.invalid\u201c konnte nicht aufgel\u00f6st werden: ");
    }

    @Test
    void aMissingFileToSendIsGerman() {
        assertThat(fails(2, "--send", "/nonexistent/jnc-file", "127.0.0.1", "80"))
                .isEqualTo("jnc: --send /nonexistent/jnc-file: Datei oder Verzeichnis nicht gefunden.\n");
    }

    /** -m exceeded: the turned-away peer's line is German, the course's "received!" line is not. */
    @Test
    void aClientOverTheLimitIsTurnedAwayInGerman() throws Exception {
        try (Proc server = german("-v", "-k", "-m", "1", "-l", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
                server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ received!\n", T);
                try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    second.setSoTimeout(10_000);
                    assertThat(second.getInputStream().read()).isEqualTo(-1);
                    server.awaitStderr("Verbindung von 127\\.0\\.0\\.1 \\d+ abgewiesen: Verbindungsgrenze \\(1\\) erreicht\\.\n", T);
                }
            }
            assertThat(server.stderr()).doesNotContain("refused", "connection limit");
        }
    }

    /** -vv: the debug lines a person reads are German too, after the untranslated "jnc: debug: " tag. */
    @Test
    void debugLinesAreGerman() throws Exception {
        try (ServerSocket sink = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Proc client = german("-vv", "127.0.0.1", String.valueOf(sink.getLocalPort())).stdinNull().start()) {
            try (Socket s = sink.accept()) {
                assertThat(s.getInputStream().readAllBytes()).isEmpty();
            }
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stderr())
                    .contains("jnc: debug: verbinde zu 127.0.0.1 Port " + sink.getLocalPort() + "\n")
                    .contains("Connection to 127.0.0.1 " + sink.getLocalPort() + " port [tcp/*] succeeded!\n")
                    .contains("jnc: debug: EOF auf der Standardeingabe\n")
                    .containsPattern("jnc: 0 Bytes gesendet, 0 Bytes empfangen in \\d+\\.\\d\\d Sekunden\\.\n");
        }
    }
}
