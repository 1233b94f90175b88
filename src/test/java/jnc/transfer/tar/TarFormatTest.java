package jnc.transfer.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The writer's pax output read back by the reader; the reader's caps and checks on bad headers. */
class TarFormatTest {
    @Test
    void longNonAsciiNamesSizesAndRecordsRoundTrip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        String longName = "dir/" + "ä".repeat(120) + "/file";
        w.global(Map.of("comment", "jnc-transfer/1 files=1 bytes=3"));
        w.begin(longName, TarEntry.Type.FILE, 0640, 3, 1_700_000_000L, null, Map.of("comment", "jnc sha256=abc"));
        w.data("abc".getBytes(), 0, 3);
        w.end();
        w.begin("l", TarEntry.Type.SYMLINK, 0777, 0, 5, "x/".repeat(80), Map.of());
        w.end();
        w.finish();
        assertThat(out.size() % 512).isZero();

        TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
        TarEntry g = r.next();
        assertThat(g.type()).isEqualTo(TarEntry.Type.GLOBAL);
        assertThat(g.comment()).isEqualTo("jnc-transfer/1 files=1 bytes=3");
        TarEntry f = r.next();
        assertThat(f.name()).isEqualTo(longName);
        assertThat(f.mode()).isEqualTo(0640);
        assertThat(f.mtime()).isEqualTo(1_700_000_000L);
        assertThat(f.comment()).isEqualTo("jnc sha256=abc");
        byte[] b = new byte[10];
        assertThat(r.read(b, 0, 10)).isEqualTo(3);
        assertThat(r.read(b, 0, 10)).isEqualTo(-1);
        TarEntry l = r.next();
        assertThat(l.type()).isEqualTo(TarEntry.Type.SYMLINK);
        assertThat(l.linkName()).isEqualTo("x/".repeat(80));
        assertThat(r.next()).isNull();
    }

    @Test
    void aBadChecksumIsNotATarStream() {
        byte[] junk = new byte[1024];
        junk[0] = 'x';
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(junk)).next()).isInstanceOf(TarFormatException.class)
                .hasMessageContaining("bad checksum");
    }

    @Test
    void aStreamCutInsideAHeaderOrWithoutTheEndMarkerFails() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        w.begin("f", TarEntry.Type.FILE, 0644, 0, 0, null, Map.of());
        w.end();
        byte[] whole = out.toByteArray();
        TarReader noEnd = new TarReader(new ByteArrayInputStream(whole));
        noEnd.next();
        assertThatThrownBy(noEnd::next).hasMessageContaining("without tar's end-of-archive marker");
        TarReader cut = new TarReader(new ByteArrayInputStream(whole, 0, 300));
        assertThatThrownBy(cut::next).hasMessageContaining("inside a tar header");
    }

    @Test
    void malformedPaxRecordsAreRefused() {
        assertThatThrownBy(() -> TarReader.paxRecords("99 path=x\n".getBytes())).isInstanceOf(TarFormatException.class);
        assertThatThrownBy(() -> TarReader.paxRecords("9 pathx\n".getBytes())).isInstanceOf(TarFormatException.class);
    }
}
