package jnc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The committed man page and completion are what the option table generates. */
class DocsTest {
    static final Path DOC = Path.of(System.getProperty("jnc.home", ".")).resolve("doc");

    @Test
    void manPageIsGeneratedFromTheTable() throws Exception {
        assertThat(Files.readString(DOC.resolve("jnc.1")))
                .as("doc/jnc.1 is stale: run  java -cp target/classes jnc.cli.Docs doc")
                .isEqualTo(Docs.manPage());
    }

    @Test
    void completionIsGeneratedFromTheTable() throws Exception {
        assertThat(Files.readString(DOC.resolve("jnc.bash-completion")))
                .as("doc/jnc.bash-completion is stale: run  java -cp target/classes jnc.cli.Docs doc")
                .isEqualTo(Docs.bashCompletion());
    }

    @Test
    void germanManPageAndZshCompletionAreGeneratedFromTheTable() throws Exception {
        assertThat(Files.readString(DOC.resolve("jnc.de.1")))
                .as("doc/jnc.de.1 is stale: run  java -cp target/classes jnc.cli.Docs doc")
                .isEqualTo(Docs.manPage(java.util.Locale.GERMAN));
        assertThat(Files.readString(DOC.resolve("jnc.zsh-completion")))
                .as("doc/jnc.zsh-completion is stale: run  java -cp target/classes jnc.cli.Docs doc")
                .isEqualTo(Docs.zshCompletion());
    }

    /** Every option has its German help text, so a new option without one fails here. */
    @Test
    void everyOptionHasAGermanHelpText() {
        for (Opt o : Opt.values()) {
            assertThat(Docs.help(o, java.util.Locale.GERMAN)).as("German help of %s (messages_de.properties)", o.display())
                    .isNotEqualTo(o.help);
        }
        for (Opt.Section s : Opt.Section.values()) {
            if (!s.title.equals("TLS/SSL") && !s.title.equals("Proxy") && !s.title.equals("WebSocket") && !s.title.equals("Information")) { // the same word in German
                assertThat(Docs.title(s, java.util.Locale.GERMAN)).as("German title of %s", s).isNotEqualTo(s.title);
            }
        }
    }

    @Test
    void everyOptionAppearsInHelpManAndCompletion() {
        for (Opt o : Opt.values()) {
            String name = o.longName != null ? "--" + o.longName : "-" + o.shortName;
            assertThat(Docs.help()).contains(name);
            assertThat(Docs.manPage()).contains(name.replace("-", "\\-"));
            assertThat(Docs.bashCompletion()).contains(name);
            assertThat(Docs.zshCompletion()).contains("'" + name + "[");
            assertThat(Docs.manPage(java.util.Locale.GERMAN)).contains(name.replace("-", "\\-"));
        }
    }
}
