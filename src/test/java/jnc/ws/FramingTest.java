package jnc.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * RFC 6455 framing as a server sees it (masked frames in), in the manner of the Autobahn
 * TestSuite's cases: fragmentation, control frames between fragments, UTF-8, sizes, close codes.
 */
class FramingTest {
    private static final long MAX = 1 << 20;

    /** What a server end reads from {@code in}, until EOF or failure; the frames it wrote go to {@code end.written}. */
    private static String readAll(MemoryEnd end, boolean lines) throws IOException {
        WsEnd ws = new WsEnd(end, ByteBuffer.allocate(64).flip(), false, lines, MAX, 1, "the client");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(7); // small on purpose: messages cross reads
        while (ws.read(buf) >= 0) {
            buf.flip();
            got.write(buf.array(), 0, buf.limit());
            buf.clear();
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** The close code of the first Close frame the end wrote (frames from a server are unmasked). */
    private static int closeCodeWritten(MemoryEnd end) {
        byte[] w = end.written.toByteArray();
        int i = 0;
        while (i < w.length) {
            int op = w[i] & 0x0F;
            int len = w[i + 1] & 0x7F;
            if (op == 8) return len >= 2 ? (w[i + 2] & 0xFF) << 8 | (w[i + 3] & 0xFF) : 1005;
            i += 2 + len;
        }
        return -1;
    }

    @Test
    void aMaskedTextMessageIsReadAsALine() throws IOException {
        MemoryEnd end = new MemoryEnd(new Frames().masked(true, 1, "Hello, wörld").close(1000).bytes(), 3);
        assertThat(readAll(end, true)).isEqualTo("Hello, wörld\n");
        assertThat(closeCodeWritten(end)).isEqualTo(1000); // the close handshake is answered
    }

    @Test
    void binaryMessagesAreReadAsTheyAre() throws IOException {
        MemoryEnd end = new MemoryEnd(new Frames().masked(true, 2, "ab").masked(true, 1, "cd").close(1000).bytes(), 100);
        assertThat(readAll(end, false)).isEqualTo("abcd");
    }

    @Test
    void fragmentsWithControlFramesBetweenThemMakeOneMessage() throws IOException {
        byte[] in = new Frames()
                .masked(false, 1, "frag")
                .masked(true, 9, "ping!")      // a ping between fragments is answered at once
                .masked(false, 0, "men")
                .masked(true, 10, "unasked")   // an unasked pong is ignored
                .masked(true, 0, "ted")
                .close(1000).bytes();
        MemoryEnd end = new MemoryEnd(in, 5);
        assertThat(readAll(end, true)).isEqualTo("fragmented\n");
        byte[] w = end.written.toByteArray();
        assertThat(w[0] & 0xFF).isEqualTo(0x8A); // a pong, unmasked, fin
        assertThat(new String(w, 2, w[1], StandardCharsets.UTF_8)).isEqualTo("ping!");
    }

    @Test
    void emptyMessagesAndA64BitLength() throws IOException {
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) 'x');
        MemoryEnd end = new MemoryEnd(new Frames().masked(true, 1, "").masked(true, 1, big).close(1000).bytes(), 4096);
        assertThat(readAll(end, true)).isEqualTo("\n" + "x".repeat(70_000) + "\n");
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // three bytes
        byte[] in = new Frames()
                .masked(false, 1, new byte[] {euro[0]})
                .masked(false, 0, new byte[] {euro[1]})
                .masked(true, 0, new byte[] {euro[2]})
                .close(1000).bytes();
        assertThat(readAll(new MemoryEnd(in, 1), true)).isEqualTo("€\n");
    }

    private static void failsWith(byte[] in, int code) {
        MemoryEnd end = new MemoryEnd(in, 2);
        assertThatThrownBy(() -> readAll(end, true)).isInstanceOf(IOException.class).hasMessageContaining("closed with " + code);
        assertThat(closeCodeWritten(end)).isEqualTo(code);
    }

    @Test
    void invalidUtf8FailsWith1007() {
        failsWith(new Frames().masked(true, 1, new byte[] {'a', (byte) 0xC0, (byte) 0xAF}).bytes(), 1007); // overlong '/'
        failsWith(new Frames().masked(true, 1, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).bytes(), 1007); // a surrogate
        failsWith(new Frames().masked(true, 1, new byte[] {(byte) 0xE2, (byte) 0x82}).bytes(), 1007); // cut off at the end
        failsWith(new Frames().masked(true, 8, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}).bytes(), 1007); // a close reason
    }

    @Test
    void aMessageOverTheLimitFailsWith1009() {
        byte[] half = new byte[(int) MAX / 2 + 1];
        failsWith(new Frames().masked(false, 2, half).masked(true, 0, half).bytes(), 1009);
    }

    @Test
    void brokenFramesFailWith1002() {
        failsWith(new Frames().frame(true, 0, 1, "x".getBytes(), null).bytes(), 1002);        // unmasked from a client
        failsWith(new Frames().frame(true, 4, 1, "x".getBytes(), 7).bytes(), 1002);          // RSV1 without an extension
        failsWith(new Frames().masked(true, 3, "x").bytes(), 1002);                          // reserved data opcode
        failsWith(new Frames().masked(true, 11, "x").bytes(), 1002);                         // reserved control opcode
        failsWith(new Frames().masked(true, 0, "x").bytes(), 1002);                          // continuation of nothing
        failsWith(new Frames().masked(false, 1, "a").masked(true, 1, "b").bytes(), 1002);    // a new message inside one
        failsWith(new Frames().masked(false, 9, "p").bytes(), 1002);                         // a fragmented ping
        failsWith(new Frames().masked(true, 9, new byte[126]).bytes(), 1002);                // a control frame over 125 bytes
        failsWith(new Frames().masked(true, 8, new byte[] {3}).bytes(), 1002);               // a one-byte close body
    }

    @Test
    void closeCodes() {
        for (int bad : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
            failsWith(new Frames().close(bad).bytes(), 1002);
        }
        for (int good : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
            assertThat(FrameReader.validCloseCode(good)).as("code %d", good).isTrue();
        }
    }

    @Test
    void aCloseWithoutBodyIsAnsweredWithoutBody() throws IOException {
        MemoryEnd end = new MemoryEnd(new Frames().masked(true, 8, new byte[0]).bytes(), 10);
        assertThat(readAll(end, true)).isEmpty();
        assertThat(closeCodeWritten(end)).isEqualTo(1005);
    }

    @Test
    void aClientMasksItsFramesAndAServerDoesNot() throws IOException {
        MemoryEnd client = new MemoryEnd(new byte[0], 1);
        new WsEnd(client, ByteBuffer.allocate(8).flip(), true, true, MAX, 42, "the server").write(ByteBuffer.wrap("hi\n".getBytes()));
        byte[] w = client.written.toByteArray();
        assertThat(w[0] & 0xFF).isEqualTo(0x81);
        assertThat(w[1] & 0x80).isEqualTo(0x80);
        assertThat(w).hasSize(2 + 4 + 2);
        MemoryEnd server = new MemoryEnd(new byte[0], 1);
        new WsEnd(server, ByteBuffer.allocate(8).flip(), false, true, MAX, 42, "the client").write(ByteBuffer.wrap("hi\n".getBytes()));
        assertThat(server.written.toByteArray()).containsExactly(0x81, 2, 'h', 'i');
    }

    @Test
    void linesThatAreNotUtf8GoOutAsBinaryAndStdinEofSendsClose() throws IOException {
        MemoryEnd server = new MemoryEnd(new byte[0], 1);
        WsEnd ws = new WsEnd(server, ByteBuffer.allocate(8).flip(), false, true, MAX, 1, "the client");
        ws.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, '\n', 'o', 'k'}));
        ws.shutdownOutput();
        assertThat(server.written.toByteArray()).containsExactly(0x82, 1, 0xFF, 0x81, 2, 'o', 'k', 0x88, 2, 0x03, 0xE8);
    }
}
