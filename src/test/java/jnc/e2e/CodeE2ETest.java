package jnc.e2e;

import static jnc.e2e.CourseE2ETest.sha256;
import static jnc.e2e.CourseE2ETest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --code}: TLS with throwaway certificates, then a J-PAKE proof of the short code bound to
 * the TLS session. The right code lets the session through (chat, a file with --send/--receive,
 * -e); a wrong code ends both sides with exit 1 and one line that names neither code; a relay that
 * terminates TLS in the middle and passes every byte on, but does not know the code, is detected by
 * both sides, while a relay that only passes TCP bytes on changes nothing.
 */
@Timeout(120)
class CodeE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final String REFUSED = "did not prove it knows the code (a wrong code, or someone in between)";

    @TempDir
    Path tmp;
    private final List<AutoCloseable> relays = new ArrayList<>();

    @AfterEach
    void closeRelays() throws Exception {
        for (AutoCloseable r : relays) r.close();
    }

    /** A listener with {@code --code} (a made one when {@code code} is null); returns it, its port and its code. */
    record Listener(Proc proc, int port, String code) {
    }

    Listener listen(String code, String... more) {
        List<String> args = new ArrayList<>(List.of("-v", "-l", "127.0.0.1", "0"));
        args.addAll(List.of(more));
        args.add("--code");
        if (code != null) args.add(code);
        Proc p = Proc.jnc(args.toArray(new String[0])).start();
        String made = code != null ? code : p.awaitStderr("the code: ([0-9]+-[a-z]+-[a-z]+) \\(", T).group(1);
        return new Listener(p, p.awaitListeningPort(), made);
    }

    @Test
    void theRightCodeCarriesAChatBothWays() {
        Listener l = listen(null);
        try (Proc server = l.proc(); Proc client = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--code", l.code()).start()) {
            Proc.talk(client, "hello from the client\n", server, "hello from the listener\n", T);
            client.closeStdin();
            server.closeStdin();
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(server.waitFor(T)).as(server.stderr()).isZero();
        }
    }

    @Test
    void aWrongCodeEndsBothSidesWithOneLineAndNothingCrosses() throws Exception {
        Listener l = listen("7-apple-table");
        try (Proc server = l.proc();
             Proc client = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--code", "7-apple-tablet")
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "client secret\n")).start()) {
            server.write("listener secret\n");
            assertThat(client.waitFor(T)).isEqualTo(1);
            assertThat(server.waitFor(T)).isEqualTo(1);
            assertThat(client.stdout()).isEmpty();
            assertThat(server.stdout()).isEmpty();
            assertThat(client.stderr()).contains("jnc: --code: the listener " + REFUSED + "; nothing was sent.");
            assertThat(server.stderr()).contains("jnc: --code: the peer 127.0.0.1:").contains(REFUSED);
            // Neither side's line tells the other side's code, nor its own.
            assertThat(client.stderr()).doesNotContain("apple");
            assertThat(server.stderr()).doesNotContain("apple");
        }
    }

    @Test
    void aRelayThatTerminatesTlsWithoutTheCodeIsDetectedByBothSides() throws Exception {
        Listener l = listen(null);
        int relay = tlsRelay(l.port());
        try (Proc server = l.proc();
             Proc client = Proc.jnc("127.0.0.1", String.valueOf(relay), "--code", l.code())
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "client secret\n")).start()) {
            server.write("listener secret\n");
            assertThat(client.waitFor(T)).as(client.stderr()).isEqualTo(1);
            assertThat(server.waitFor(T)).as(server.stderr()).isEqualTo(1);
            assertThat(client.stdout()).isEmpty();
            assertThat(server.stdout()).isEmpty();
            assertThat(client.stderr()).contains(REFUSED);
            assertThat(server.stderr()).contains(REFUSED);
        }
    }

    @Test
    void aRelayThatOnlyPassesTcpBytesOnChangesNothing() throws Exception {
        Listener l = listen(null);
        int relay = tcpRelay(l.port());
        try (Proc server = l.proc(); Proc client = Proc.jnc("127.0.0.1", String.valueOf(relay), "--code", l.code()).start()) {
            Proc.talk(client, "through the relay\n", server, "and back\n", T);
            client.closeStdin();
            server.closeStdin();
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(server.waitFor(T)).as(server.stderr()).isZero();
        }
    }

    @Test
    void sendAndReceiveWithTheCode() throws Exception {
        Path file = tmp.resolve("data.bin");
        writeRandom(file, 3 << 20, 12);
        Path into = tmp.resolve("into");
        Listener l = listen(null, "--receive", into.toString());
        try (Proc receiver = l.proc();
             Proc sender = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--send", file.toString(), "--code", l.code()).stdinNull().start()) {
            assertThat(sender.waitFor(T)).as(sender.stderr()).isZero();
            assertThat(receiver.waitFor(T)).as(receiver.stderr()).isZero();
        }
        assertThat(sha256(into.resolve("data.bin"))).isEqualTo(sha256(file));
    }

    @Test
    void aWrongCodeReceivesNoFile() throws Exception {
        Path file = tmp.resolve("data.bin");
        writeRandom(file, 1 << 20, 13);
        Path into = tmp.resolve("into");
        Listener l = listen("3-moon-pear", "--send", file.toString());
        try (Proc sender = l.proc();
             Proc receiver = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--receive", into.toString(), "--code", "3-moon-plum").stdinNull().start()) {
            assertThat(receiver.waitFor(T)).isEqualTo(1);
            assertThat(sender.waitFor(T)).isEqualTo(1);
            assertThat(receiver.stderr()).contains(REFUSED);
        }
        assertThat(into.resolve("data.bin")).doesNotExist();
    }

    @Test
    void aCommandServedWithTheCode() throws Exception {
        Listener l = listen("42-kite-lamp", "-c", "echo served");
        try (Proc server = l.proc(); Proc client = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--code", "42-Kite-Lamp").stdinNull().start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("served\n");
            assertThat(server.waitFor(T)).as(server.stderr()).isZero();
        }
    }

    @Test
    void aGermanListenerMakesACodeOfGermanWordsAndSaysSoInGerman() {
        StudentE2ETest.requireGermanLocale();
        try (Proc p = StudentE2ETest.german("-v", "-l", "127.0.0.1", "0", "--code").stdinNull().start()) {
            String code = p.awaitStderr("jnc: der Code: ([0-9]+-[a-z]+-[a-z]+) \\(die andere Seite gibt ihn mit --code an\\)", T).group(1);
            int port = p.awaitListeningPort();
            // English words and German ones are different lists; "tisch" and "apfel" are German only.
            assertThat(code.split("-")[1]).isNotIn("apple", "table");
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port), "--code", code).stdinNull().start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
        }
    }

    @Test
    void aKeepOpenListenerStopsAfterTenFailedProofs() {
        Listener l = listen("9-owl-lamp", "-k", "--echo");
        try (Proc server = l.proc()) {
            try (Proc good = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--code", "9-owl-lamp")
                    .stdinFrom(write("ping\n")).start()) {
                assertThat(good.waitFor(T)).as(good.stderr()).isZero();
                assertThat(good.stdout()).isEqualTo("ping\n");
            }
            for (int i = 0; i < 10; i++) {
                try (Proc bad = Proc.jnc("127.0.0.1", String.valueOf(l.port()), "--code", (10 + i) + "-owl-lamp").stdinNull().start()) {
                    assertThat(bad.waitFor(T)).isEqualTo(1);
                }
            }
            assertThat(server.waitFor(T)).isEqualTo(1);
            assertThat(server.stderr()).contains("jnc: --code: 10 failed proofs: the listener stops.");
        }
    }

    private Path write(String text) {
        try {
            return Files.writeString(Files.createTempFile(tmp, "in", ""), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The men in the middle

    /**
     * A relay that terminates TLS on both sides (its own certificate to the client, a TLS client to
     * the listener) and passes every byte through unchanged, as an attacker between two people would.
     */
    int tlsRelay(int target) throws Exception {
        Path cert = tmp.resolve("relay.pem");
        Path key = tmp.resolve("relay.key");
        Path p12 = tmp.resolve("relay.p12");
        SslE2ETest.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "2");
        SslE2ETest.openssl("pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", p12.toString(), "-passout", "pass:relay");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, "relay".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "relay".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        relays.add(listener);
        Thread.ofPlatform().daemon().start(() -> {
            try (SSLSocket from = (SSLSocket) listener.accept();
                 SSLSocket to = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), target)) {
                from.startHandshake();
                to.startHandshake();
                pipeBothWays(from, to);
            } catch (IOException | InterruptedException e) {
                // the ends closed: the relay's work is over
            }
        });
        return listener.getLocalPort();
    }

    /** A relay of plain TCP: the TLS session runs end to end through it. */
    int tcpRelay(int target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        relays.add(listener);
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket from = listener.accept(); Socket to = new Socket(InetAddress.getLoopbackAddress(), target)) {
                pipeBothWays(from, to);
            } catch (IOException | InterruptedException e) {
                // the ends closed
            }
        });
        return listener.getLocalPort();
    }

    static void pipeBothWays(Socket a, Socket b) throws InterruptedException {
        Thread up = Thread.ofPlatform().daemon().start(() -> pipe(a, b));
        Thread down = Thread.ofPlatform().daemon().start(() -> pipe(b, a));
        up.join(T.toMillis());
        down.join(T.toMillis());
    }

    static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        }
        try {
            from.close();
            to.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** The relay trusts whatever the listener presents: it is the attacker, not a careful client. */
    static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
