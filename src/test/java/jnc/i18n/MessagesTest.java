package jnc.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

/** Templates match the English the code prints, and every English template has its German one. */
class MessagesTest {
    private static final Messages.Catalog DE = Messages.Catalog.load("de");

    @Test
    void messagesWithVariablePartsAreTranslatedAndTheirPartsToo() {
        assertThat(DE.translate("bind to 127.0.0.1:61111: Address already in use."))
                .isEqualTo("Bindung an 127.0.0.1:61111: Adresse wird bereits verwendet.");
        assertThat(DE.translate("Could not resolve hostname \"x.invalid\": Name or service not known."))
                .isEqualTo("Hostname \u201ex.invalid\u201c konnte nicht aufgel\u00f6st werden: Name oder Dienst nicht bekannt.");
        assertThat(DE.translate("12 bytes sent, 3 bytes received in 0.50 seconds."))
                .isEqualTo("12 Bytes gesendet, 3 Bytes empfangen in 0.50 Sekunden.");
        assertThat(DE.translate("Connection refused.")).isEqualTo("Verbindung abgelehnt.");
    }

    @Test
    void aPeerTurnedAwayIsAMessageButTheCoursesReceivedLineIsNot() {
        assertThat(Messages.isCourseLine("Connection from 10.0.0.66 59104 denied: not allowed.")).isFalse();
        assertThat(DE.translate("Connection from 10.0.0.66 59104 refused: connection limit (1) reached."))
                .isEqualTo("Verbindung von 10.0.0.66 59104 abgewiesen: Verbindungsgrenze (1) erreicht.");
        assertThat(Messages.isCourseLine("Connection on /tmp/s received!")).isTrue();
    }

    @Test
    void aNameBeforeAColonStaysAndTheReasonIsTranslated() {
        assertThat(DE.translate("poll: Connection refused.")).isEqualTo("poll: Verbindung abgelehnt.");
        assertThat(DE.translate("the transfer was cut: the stream ended inside a member; nothing unverified was renamed into place"))
                .isEqualTo("die \u00dcbertragung brach ab: der Strom endete innerhalb eines Eintrags; nichts Ungepr\u00fcftes wurde an seinen Platz umbenannt");
    }

    @Test
    void theProgressLineAndTheInstallersReportAreGerman() {
        assertThat(DE.translate("sent 1.5 MiB of 3.0 MiB, 750.0 KiB/s, files 2 of 4, ETA 0:02"))
                .isEqualTo("gesendet: 1.5 MiB von 3.0 MiB, 750.0 KiB/s, Dateien 2 von 4, noch 0:02");
        assertThat(DE.translate("received 12 B, 1.0 KiB/s, files 1")).isEqualTo("empfangen: 12 B, 1.0 KiB/s, Dateien 1");
        assertThat(DE.translate("jnc: /x/bin is not on your PATH; add it with:  export PATH=\"/x/bin:$PATH\""))
                .isEqualTo("jnc: /x/bin ist nicht in Ihrem PATH; f\u00fcgen Sie es hinzu mit:  export PATH=\"/x/bin:$PATH\"");
    }

    @Test
    void aSessionOptionTheRunWouldIgnoreIsRefusedInGerman() {
        assertThat(DE.translate("-q/--quit-after-eof does not go with --echo: the echo answers each byte as it comes, reading no stdin."))
                .isEqualTo("-q/--quit-after-eof passt nicht zu --echo: das Echo beantwortet jedes Byte sofort und liest keine Standardeingabe.");
    }

    @Test
    void aMessageWithoutATemplateStaysEnglish() {
        assertThat(DE.translate("something no bundle knows")).isEqualTo("something no bundle knows");
        assertThat(DE.translate("Connection refused. And more")).isEqualTo("Connection refused. And more");
    }

    @Test
    void theCourseLinesAreNeverTranslated() {
        for (String line : new String[] {"Listening on [0.0.0.0] (family 2, port 61111)",
                "Connection from 10.0.0.66 59104 received!", "Connection to 10.0.0.99 61111 port [tcp/*] succeeded!"}) {
            assertThat(Messages.isCourseLine(line)).isTrue();
        }
    }

    @Test
    void everyEnglishTemplateHasAGermanOneWithTheSamePlaceholders() {
        ResourceBundle en = Messages.bundle("");
        ResourceBundle de = Messages.bundle("de");
        for (String key : en.keySet()) {
            assertThat(de.containsKey(key)).as("messages_de.properties lacks %s", key).isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(de.getString(key).contains("{" + i + "}")).as("placeholder {%d} of %s", i, key)
                        .isEqualTo(en.getString(key).contains("{" + i + "}"));
            }
        }
    }

    @Test
    void englishLocalesGetTheEnglishText() {
        assertThat(Messages.text(Locale.ENGLISH, "opt.listen", "Listen")).isEqualTo("Listen");
        assertThat(Messages.text(Locale.ROOT, "opt.listen", "Listen")).isEqualTo("Listen");
        assertThat(Messages.text(Locale.GERMANY, "opt.listen", "Listen")).startsWith("Horchen");
    }
}
