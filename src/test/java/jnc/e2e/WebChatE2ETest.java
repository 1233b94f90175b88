package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnc --chat --web}: two headless Chromium sessions (one German, one English) and a
 * terminal client in one room. Lines go every way; a hostile member's markup shows as text; the
 * page is served from the jar. A screenshot of each page is left in target/ for a person to look at.
 */
@Timeout(180)
class WebChatE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** Waits until the page's chat log (its text) contains {@code text}. */
    private static void awaitLog(WebDriver browser, String text) throws Exception {
        long end = System.nanoTime() + T.toNanos();
        String log = "";
        while (System.nanoTime() < end) {
            log = browser.text("return document.getElementById('log').textContent;");
            if (log.contains(text)) return;
            Proc.sleep(100);
        }
        fail("the page never showed \"" + text + "\"; it shows " + log);
    }

    @Test
    void twoBrowsersAndATerminalChatInOneRoom() throws Exception {
        Peers.require("chromium");
        String chromedriver = Peers.require("chromedriver");
        int driverPort = Peers.freePort();
        try (Proc chat = Proc.jnc("-v", "--chat", "--web", "127.0.0.1", "0").stdinNull().start();
             Proc driver = Proc.cmd(chromedriver, "--port=" + driverPort).stdinNull().start()) {
            int port = chat.awaitListeningPort();
            chat.awaitStderr("classroom chat: open http://127.0.0.1:" + port + "/ in a browser", T);
            Peers.awaitListening(driverPort);
            String url = "http://127.0.0.1:" + port + "/";
            try (WebDriver de = WebDriver.open(driverPort, tmp.resolve("profile-de"), "de-DE");
                 WebDriver en = WebDriver.open(driverPort, tmp.resolve("profile-en"), "en-US")) {
                de.go(url);
                awaitLog(de, "bereits verbunden: niemand.");
                en.go(url);
                awaitLog(en, "is connected as <user2>.");
                awaitLog(de, "ist verbunden als <user2>.");
                assertThat(de.text("return document.getElementById('send').textContent;")).isEqualTo("Senden");
                assertThat(en.text("return document.getElementById('send').textContent;")).isEqualTo("Send");

                try (Proc term = Proc.jnc("127.0.0.1", Integer.toString(port)).start()) {
                    term.awaitStdout("as <user3>", T);
                    awaitLog(en, "is connected as <user3>.");

                    de.type("#line", "Hallo aus dem Browser\uE007");
                    term.awaitStdout("<user1> Hallo aus dem Browser\n", T);
                    awaitLog(en, "Hallo aus dem Browser");

                    en.type("#line", "hello from the other browser\uE007");
                    term.awaitStdout("<user2> hello from the other browser\n", T);
                    awaitLog(de, "hello from the other browser");

                    term.write("<script>document.title='pwned'</script><b>bold?</b> <img src=x onerror=alert(1)>\n");
                    awaitLog(de, "<script>document.title='pwned'</script><b>bold?</b> <img src=x onerror=alert(1)>");
                    awaitLog(en, "<b>bold?</b>");
                    for (WebDriver b : new WebDriver[] {de, en}) {
                        // shown as text: no element was made from it, no script ran
                        assertThat(b.text("return document.querySelectorAll('#log script, #log b, #log img').length;")).isEqualTo("0");
                        assertThat(b.text("return document.title;")).isIn("jnc-Klassenchat", "jnc classroom chat");
                    }
                    Path target = Proc.HOME.resolve("target");
                    de.screenshot(target.resolve("web-chat-de.png"));
                    en.screenshot(target.resolve("web-chat-en.png"));
                }
                awaitLog(de, "<user3> hat den Chat verlassen.");
            }
        }
    }
}
