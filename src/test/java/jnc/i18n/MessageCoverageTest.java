package jnc.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message jnc prints for a person has an English template in messages.properties and a German
 * line: the messages are collected from the source ({@link MessageSources}), so a new
 * {@code Diag.error("...")} or {@code Failure.usage("...")} without its template fails here.
 */
class MessageCoverageTest {
    private static final Path SOURCES = Path.of("src/main/java");

    /**
     * Printed on purpose in English in every locale, each with its reason. A template here is not
     * looked up.
     */
    private static final Map<String, String> ENGLISH_ON_PURPOSE = Map.of(
            "idle", "a SocketTimeoutException's tag inside the datagram peers, never printed (IoErrors says \"Connection timed out.\")",
            "{0}, {1}, ALPN {2}", "-vv: TLS protocol, cipher suite and ALPN, names only");

    private static final Messages.Catalog DE = Messages.Catalog.load("de");

    /**
     * Whether {@code text} comes out in German, as {@link Messages.Catalog#translate} does it: the
     * template it finds has a German line, and each variable part is either no text (a number, a
     * name such as {@code poll} or {@code --ttl}, a placeholder) or itself covered. A generic
     * template like {@code {0}: {1}} thus covers "poll: {0}", not "connect to port {0}: {1}".
     */
    private static boolean covered(String text) {
        if (!MessageSources.hasWords(text) || isName(text) || Messages.isCourseLine(text)) return true;
        Messages.Template t = DE.find(text);
        if (t == null) return false;
        for (String part : t.match(text)) {
            if (!covered(part)) return false;
        }
        return true;
    }

    /** A name, not a sentence: one word once placeholders, options and what is in parentheses are gone. */
    static boolean isName(String text) {
        String rest = text.replaceAll("\\{\\d\\}", "").replaceAll("\\([^)]*\\)", " ").replaceAll("(^|\\s)-\\S+", " ").strip();
        return !rest.isEmpty() && rest.chars().noneMatch(Character::isWhitespace) || rest.isEmpty();
    }

    private static boolean covered(MessageSources.Found f) {
        if (ENGLISH_ON_PURPOSE.containsKey(f.template())) return true;
        // An exception's text reaches the line through IoErrors, which ends it with a full stop.
        return covered(f.template()) || f.exception() && !f.template().endsWith(".") && covered(f.template() + ".");
    }

    @Test
    void theScanFindsTheMessagesItShould() {
        List<MessageSources.Found> found = MessageSources.scan(SOURCES);
        List<String> templates = found.stream().map(MessageSources.Found::template).toList();
        // Plain, with a variable part, a choice in parentheses, and through a variable.
        assertThat(templates).contains("-4 and -6 cannot be used together.", "bind to {0}: {1}",
                "--raw is a mode of its own: it does not go with -l, -u, -U, --sctp, -z, --load or a service.",
                "--ping is a mode of its own: it does not go with -l, -u, -U, --sctp, -z, --load or a service.");
        assertThat(found.size()).isGreaterThan(300);
    }

    /** The messages under {@code root} that would print in English under a German locale. */
    private static TreeSet<String> untranslated(Path root) {
        TreeSet<String> missing = new TreeSet<>();
        for (MessageSources.Found f : MessageSources.scan(root)) {
            if (!covered(f)) missing.add(f.template().replace("\n", "\\n") + "    <- " + f.where());
        }
        return missing;
    }

    @Test
    void everyMessageForAPersonHasATemplateAndAGermanLine() {
        assertThat(untranslated(SOURCES)).as("messages without a template in messages.properties (or without German)").isEmpty();
    }

    /** The check itself: a new message without a template is caught, a translated one and a name are not. */
    @Test
    void aNewMessageWithoutATemplateIsCaught(@TempDir Path tree) throws Exception {
        Files.writeString(tree.resolve("New.java"), """
                class New {
                    void f(String x, java.io.IOException e) {
                        Diag.error("a message nobody translated: " + x);          // new: caught
                        throw Failure.usage("-4 and -6 cannot be used together.");  // translated
                        Diag.debug("poll: " + IoErrors.describe(e));               // a name and a reason
                        Diag.verbose("Connection to " + x + " succeeded!");        // the course's line
                    }
                }
                """);
        assertThat(untranslated(tree)).containsExactly("a message nobody translated: {0}    <- New.java:3");
    }

    @Test
    void everyGermanLineIsGermanNotACopyOfTheEnglish() {
        ResourceBundle en = Messages.bundle("");
        ResourceBundle de = Messages.bundle("de");
        List<String> copies = new ArrayList<>();
        for (String key : en.keySet()) {
            if (!key.startsWith("m.") || !MessageSources.hasWords(en.getString(key))) continue;
            if (de.getString(key).equals(en.getString(key)) && !SAME_IN_GERMAN.contains(key)) copies.add(key);
        }
        assertThat(copies).as("German lines that are the English text").isEmpty();
    }

    /** Messages whose German is the English text: system-call names and such. */
    private static final java.util.Set<String> SAME_IN_GERMAN = java.util.Set.of();
}
