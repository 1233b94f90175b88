package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a German-speaking student meets: the course text's typos get a hint, messages and --help
 * come in German under LANG=de_DE.UTF-8, and the course's own verbose lines stay byte for byte as
 * the course text prints them. A plain run loads none of it.
 */
@Timeout(120)
class StudentE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    static final String DE = "de_DE.UTF-8";

    @TempDir
    Path tmp;

    static Proc.Builder german(String... args) {
        return Proc.jnc(args).env("LANG", DE).envRemoved("LC_ALL").envRemoved("LC_MESSAGES").envRemoved("LANGUAGE");
    }

    /** Java sees de_DE only where the system generated it (.ci/run does); otherwise it runs in C. */
    static void requireGermanLocale() {
        try (Proc p = Proc.cmd("locale", "-a").stdinNull().start()) {
            p.waitFor(T);
            boolean there = p.stdout().lines().anyMatch(l -> l.equalsIgnoreCase("de_DE.utf8") || l.equalsIgnoreCase("de_DE.UTF-8"));
            if (!there) {
                if (System.getenv("CI") != null) throw new AssertionError("locale de_DE.UTF-8 is not generated (.ci/run runs locale-gen)");
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "locale de_DE.UTF-8 is not generated");
            }
        }
    }

    @Test
    void theCourseTypoGetsAHintNamingL() {
        BadInputE2ETest.expect(2, "did you mean -l", "-v", "-1", "61111");
        BadInputE2ETest.expect(2, "U\\+2013.*type -l", "-v", "\u2013l", "61111");
        BadInputE2ETest.expect(2, "U\\+2014.*type -l", "-v", "\u2014l", "61111");
        BadInputE2ETest.expect(2, "did you mean --listen\\?", "--lsiten", "61111");
    }

    @Test
    void errorsAndHelpAreGermanUnderAGermanLocale() {
        requireGermanLocale();
        try (Proc p = german("--lsiten", "61111").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: unbekannte Option \u201e--lsiten\u201c (meinten Sie --listen?)\n");
        }
        try (Proc p = german("-v", "\u2013l", "61111").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).startsWith("jnc: \u201e\u2013l\u201c beginnt mit einem typografischen Strich").contains("tippen Sie -l");
        }
        try (Proc p = german("-n", "localhost", "1").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: Hostname \u201elocalhost\u201c konnte nicht aufgel\u00f6st werden: DNS-Aufl\u00f6sung ist mit -n abgeschaltet.\n");
        }
        try (Proc p = german("--help").stdinNull().start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).contains("Aufruf: jnc [Optionen] [Hostname] [Port]", "Betriebsart:", "-l, --listen")
                    .contains("Horchen (Server)");
        }
        // The same in the C locale stays English.
        try (Proc p = Proc.jnc("--lsiten").env("LANG", "C").envRemoved("LC_ALL").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: unrecognized option '--lsiten' (did you mean --listen?)\n");
        }
    }

    /**
     * The course's chat, under de_DE: the listener's and the client's -v lines are the course
     * text's, byte for byte, and the summary a person reads is German. The plain client loads no
     * class of the translation, the installer, the typo hints or the API.
     */
    @Test
    void theCourseLinesStayEnglishAndAPlainRunLoadsNoneOfThis() throws IOException {
        requireGermanLocale();
        int port = Peers.freePort();
        Path classes = tmp.resolve("classes.log");
        try (Proc server = german("-v", "-l", String.valueOf(port)).stdinNull().start()) {
            server.awaitStderr("Listening on", T);
            Peers.awaitListening(port);
            try (Proc client = german("-v", "127.0.0.1", String.valueOf(port))
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "Hello Raspi\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(client.stderr()).startsWith("Connection to 127.0.0.1 " + port + " port [tcp/*] succeeded!\n")
                        .contains("Bytes gesendet");
            }
            assertThat(server.waitFor(T)).isZero();
            assertThat(server.stdout()).isEqualTo("Hello Raspi\n");
            assertThat(server.stderr()).startsWith("Listening on [0.0.0.0] (family 2, port " + port + ")\n")
                    .containsPattern("\nConnection from 127\\.0\\.0\\.1 \\d+ received!\n");
        }
        try (ServerSocket sink = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Proc plain = german("127.0.0.1", String.valueOf(sink.getLocalPort()))
                     .env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + classes)
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "hi\n")).start()) {
            try (var s = sink.accept()) {
                assertThat(s.getInputStream().readAllBytes()).hasSize(3);
            }
            assertThat(plain.waitFor(T)).as(plain.stderr()).isZero();
        }
        assertThat(Files.readString(classes)).contains("jnc.Main ")
                .doesNotContain("jnc.i18n.", "jnc.install.", "jnc.cli.Typos", "jnc.api.", "java.util.ResourceBundle ");
    }
}
