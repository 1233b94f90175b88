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
    void everyOptionAppearsInHelpManAndCompletion() {
        for (Opt o : Opt.values()) {
            String name = o.longName != null ? "--" + o.longName : "-" + o.shortName;
            assertThat(Docs.help()).contains(name);
            assertThat(Docs.manPage()).contains(name.replace("-", "\\-"));
            assertThat(Docs.bashCompletion()).contains(name);
        }
    }
}
