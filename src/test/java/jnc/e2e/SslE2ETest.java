package jnc.e2e;

import static jnc.e2e.CourseE2ETest.sha256;
import static jnc.e2e.CourseE2ETest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --ssl}: jnc against openssl s_server/s_client, ncat --ssl and socat OPENSSL:, and against
 * itself; certificate verification, SNI, ALPN, the temporary certificate, and bad inputs.
 */
@Timeout(120)
class SslE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final int SIZE = 16 << 20;

    @TempDir
    Path tmp;
    Path cert;
    Path key;

    /** A self-signed server certificate for localhost and 127.0.0.1, made by openssl for each test. */
    @BeforeEach
    void makeCertificate() throws Exception {
        cert = tmp.resolve("cert.pem");
        key = tmp.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2");
    }

    /** Runs openssl to its end and returns its stdout. */
    static String openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Peers.require("openssl");
        System.arraycopy(args, 0, cmd, 1, args.length);
        try (Proc p = Proc.cmd(cmd).stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            return p.stdout();
        }
    }

    /** {@code openssl s_server} on a free port with our certificate; {@code extra} chooses its behaviour. */
    Proc sServer(int port, String... extra) {
        String[] base = {Peers.require("openssl"), "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(), "-key", key.toString()};
        String[] cmd = new String[base.length + extra.length];
        System.arraycopy(base, 0, cmd, 0, base.length);
        System.arraycopy(extra, 0, cmd, base.length, extra.length);
        Proc p = Proc.cmd(cmd).stdinNull().start();
        Peers.awaitListening(port);
        return p;
    }

    /** openssl's {@code SHA1 Fingerprint=91:0E:...} in jnc's (and Ncat's) spelling {@code 910E B450 ...}. */
    static String opensslFingerprint(Path certFile) {
        String out = openssl("x509", "-noout", "-fingerprint", "-sha1", "-in", certFile.toString());
        String hex = out.substring(out.indexOf('=') + 1).trim().replace(":", "");
        return hex.replaceAll("(.{4})(?!$)", "$1 ");
    }

    // ---------------------------------------------------------------------------------------
    // jnc connects

    @Test
    void clientGetsTheServersReplyAndEndsByItselfAfterStdinEof() throws Exception {
        int port = Peers.freePort();
        try (Proc server = sServer(port, "-rev");
             Proc client = Proc.jnc("-v", "--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), "hello\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("olleh\n"); // s_server -rev answers each line reversed
            String err = client.stderr();
            assertThat(err).contains("Subject: CN=localhost\n", "Issuer: CN=localhost\n", "SSL connection to 127.0.0.1:" + port + ".\n");
            assertThat(err).contains("SHA-1 fingerprint: " + opensslFingerprint(cert) + "\n");
        }
    }

    @Test
    void clientSendsAndReceivesSixteenMebibytesThroughNcatSsl() throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, SIZE, 21);
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(Peers.require("ncat"), "-l", "--ssl", "--ssl-cert", cert.toString(), "--ssl-key", key.toString(),
                "127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(receive).start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void verifySucceedsWithTheTrustFileAndFailsWithoutIt() throws Exception {
        int port = Peers.freePort();
        try (Proc server = sServer(port, "-rev")) {
            Path in = Files.writeString(tmp.resolve("in"), "abc\n");
            try (Proc trusted = Proc.jnc("--ssl-verify", "--ssl-trustfile", cert.toString(), "127.0.0.1", String.valueOf(port)).stdinFrom(in).start()) {
                assertThat(trusted.waitFor(T)).as(trusted.stderr()).isZero();
                assertThat(trusted.stdout()).isEqualTo("cba\n");
            }
            // The system's CA bundle does not know our self-signed certificate.
            try (Proc untrusted = Proc.jnc("--ssl-verify", "127.0.0.1", String.valueOf(port)).stdinFrom(in).start()) {
                assertThat(untrusted.waitFor(T)).isEqualTo(1);
                assertThat(untrusted.stderr()).matches("jnc: Failed SSL connection to 127\\.0\\.0\\.1:\\d+: certificate verify failed \\(no trusted certificate path[^\\n]*\\n");
                assertThat(untrusted.stdout()).isEmpty();
            }
            // Trusted, but not issued for the name asked for.
            try (Proc wrongName = Proc.jnc("--ssl-verify", "--ssl-trustfile", cert.toString(), "--ssl-servername", "other.example",
                    "127.0.0.1", String.valueOf(port)).stdinFrom(in).start()) {
                assertThat(wrongName.waitFor(T)).isEqualTo(1);
                assertThat(wrongName.stderr()).matches("jnc: Failed SSL connection to [^\\n]*other\\.example[^\\n]*\\n");
            }
        }
    }

    /**
     * Without --ssl-verify nobody is checked, and nothing of the trust machinery is set up: no key
     * store, no trust manager factory, no PKIX validator is initialised (the TLS cache may hold
     * their classes, so initialisation is what tells). With it, they are.
     */
    @Test
    void withoutVerifyAnUntrustedServerIsAcceptedAndNoTrustStoreIsSetUp() throws Exception {
        int port = Peers.freePort();
        Path plain = tmp.resolve("plain-init.log");
        Path verifying = tmp.resolve("verify-init.log");
        try (Proc server = sServer(port, "-rev")) {
            try (Proc client = Proc.jnc("--ssl", "localhost", String.valueOf(port), "-4")
                    .env("JNC_JAVA_OPTS", "-Xlog:class+init=info:file=" + plain)
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "xyz\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(client.stdout()).isEqualTo("zyx\n");
            }
            try (Proc client = Proc.jnc("--ssl-verify", "--ssl-trustfile", cert.toString(), "127.0.0.1", String.valueOf(port))
                    .env("JNC_JAVA_OPTS", "-Xlog:class+init=info:file=" + verifying)
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "xyz\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
        }
        String[] trustMachinery = {"'java/security/KeyStore'", "'javax/net/ssl/TrustManagerFactory'", "'sun/security/validator/PKIXValidator'"};
        assertThat(Files.readString(plain)).contains("'jnc/tls/TlsClient'").doesNotContain(trustMachinery);
        assertThat(Files.readString(verifying)).contains(trustMachinery);
    }

    @Test
    void theServerSeesTheServerNameAndAlpnIsNegotiated() throws Exception {
        int port = Peers.freePort();
        try (Proc server = sServer(port, "-rev", "-tlsextdebug", "-alpn", "h2,http/1.1");
             Proc client = Proc.jnc("-vv", "--ssl-servername", "sni.test", "--ssl-alpn", "http/1.1", "127.0.0.1", String.valueOf(port))
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "sni\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("ins\n");
            // s_server takes the client's order: jnc's puts AES-128-GCM first
            assertThat(client.stderr()).contains("TLSv1.3, TLS_AES_128_GCM_SHA256, ALPN http/1.1\n");
            // -tlsextdebug dumps the server_name extension, the name readable in its ASCII column
            server.awaitStdout("TLS client extension \"server name\"", T);
            server.awaitStdout("sni.test", T);
        }
    }

    /**
     * The client's key shares are X25519 and P-384, not P-256 (NamedGroups: P-256's first key costs a
     * fresh JVM its generator table); a server that speaks P-256 alone still gets it, through a
     * HelloRetryRequest. {@code -trace} prints the groups of each key_share extension.
     */
    @Test
    void theClientSharesX25519AndP384AndAServerOfP256AloneAsksForItsOwn() throws Exception {
        int port = Peers.freePort();
        try (Proc server = sServer(port, "-rev", "-trace", "-naccept", "1");
             Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("cba\n");
            assertThat(server.waitFor(T)).isZero();
            String hello = server.stdout().substring(0, server.stdout().indexOf("ServerHello"));
            assertThat(hello).contains("NamedGroup: ecdh_x25519 (29)", "NamedGroup: secp384r1 (P-384) (24)")
                    .doesNotContain("NamedGroup: secp256r1");
        }
        try (Proc server = sServer(port, "-rev", "-trace", "-naccept", "1", "-groups", "P-256");
             Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("cba\n");
            assertThat(server.waitFor(T)).isZero();
            // the second ClientHello, after the server's retry request, shares P-256
            String out = server.stdout();
            assertThat(out.indexOf("ClientHello", out.indexOf("ClientHello") + 1)).isPositive();
            assertThat(out.substring(out.indexOf("ClientHello", out.indexOf("ClientHello") + 1))).contains("NamedGroup: secp256r1 (P-256) (23)");
        }
    }

    @Test
    void sslCiphersTakesOpenSslNamesAndTheServerAgrees() throws Exception {
        int port = Peers.freePort();
        // jnc offers just this one suite, so the server has to take it (in TLS 1.2: TLS 1.3 suites are a list of their own)
        try (Proc server = sServer(port, "-rev", "-tls1_2");
             Proc client = Proc.jnc("--ssl-ciphers", "HIGH:!aNULL:ECDHE-RSA-AES128-SHA256", "127.0.0.1", String.valueOf(port))
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("cba\n");
            // s_server -rev reports on stderr: the client offered that one suite, and it was used
            server.awaitStderr("Client cipher list: ECDHE-RSA-AES128-SHA256\n", T);
            server.awaitStderr("Ciphersuite: ECDHE-RSA-AES128-SHA256\n", T);
        }
    }

    /**
     * The launcher gives a run with an {@code --ssl} option the AOT cache trained over TLS, and a
     * plain run the plain cache, which holds no TLS class (jnc.Training explains the two caches).
     */
    @Test
    void aTlsRunStartsFromTheTlsCacheAndAPlainRunLoadsNoTls() throws Exception {
        int port = Peers.freePort();
        Path tlsLog = tmp.resolve("tls-classes.log");
        Path plainLog = tmp.resolve("plain-classes.log");
        try (Proc server = sServer(port, "-rev");
             Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port))
                     .env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + tlsLog)
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("cba\n");
        }
        assertThat(Files.readString(tlsLog)).contains("sun.security.ssl.SSLSocketImpl source: shared objects file",
                "jnc.tls.TlsClient source: shared objects file", "jnc.tls.HandshakeWarmup source: shared objects file");
        // Not one of jnc's classes from the jar, which a TLS run would open for it (Main's mode checks once did).
        assertThat(StartupClassesE2ETest.fromTheJar(tlsLog)).isEmpty();
        try (Proc sink = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port))
                    .env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + plainLog)
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
        }
        assertThat(Files.readString(plainLog)).contains("jnc.Main source: shared objects file")
                .doesNotContain("sun.security.ssl", "jnc.tls.", "javax.net.ssl");
    }

    /** A TLS listener starts from the TLS cache and loads none of jnc's classes from the jar (Main's PeerSession once came from it). */
    @Test
    void aTlsListenerLoadsNothingFromTheJar() throws Exception {
        Path listenerLog = tmp.resolve("listener-classes.log");
        Path received = tmp.resolve("received");
        try (Proc server = Proc.jnc("-v", "-l", "--ssl", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + listenerLog)
                .stdinNull().stdoutTo(received).start()) {
            int listening = server.awaitListeningPort();
            try (Proc client = Proc.cmd(Peers.require("openssl"), "s_client", "-connect", "127.0.0.1:" + listening, "-quiet", "-no_ign_eof")
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "from s_client\n")).start()) {
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
                client.waitFor(T);
            }
        }
        assertThat(Files.readString(received)).isEqualTo("from s_client\n");
        assertThat(Files.readString(listenerLog)).contains("jnc.tls.TlsServer source: shared objects file");
        assertThat(StartupClassesE2ETest.fromTheJar(listenerLog)).isEmpty();
    }

    @Test
    void aClientCertificateIsPresentedWhenTheServerAsks() throws Exception {
        Path clientKey = tmp.resolve("client-key.pem");
        Path clientCert = tmp.resolve("client-cert.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", clientKey.toString(),
                "-out", clientCert.toString(), "-subj", "/CN=jnc-client", "-days", "2");
        int port = Peers.freePort();
        try (Proc server = sServer(port, "-rev", "-verify", "1");
             Proc client = Proc.jnc("--ssl-cert", clientCert.toString(), "--ssl-key", clientKey.toString(), "127.0.0.1", String.valueOf(port))
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "me\n")).start()) {
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(client.stdout()).isEqualTo("em\n");
            server.awaitStderr("Peer certificate: CN = jnc-client\n", T);
        }
    }

    @Test
    void tlsRunsEndToEndThroughAnHttpProxy() throws Exception {
        int proxyPort = Peers.freePort();
        int port = Peers.freePort();
        try (Proc proxy = Proc.cmd(Peers.require("ncat"), "-l", "-k", "--proxy-type", "http", "127.0.0.1", String.valueOf(proxyPort)).stdinNull().start();
             Proc server = sServer(port, "-rev")) {
            Peers.awaitListening(proxyPort);
            try (Proc client = Proc.jnc("-v", "--ssl-verify", "--ssl-trustfile", cert.toString(), "--proxy", "127.0.0.1:" + proxyPort,
                    "127.0.0.1", String.valueOf(port)).start()) {
                // stdin stays open until the reply is in: ncat's proxy ends the whole tunnel at the
                // first half-close, so an early EOF could cut the server's answer off
                client.write("tunnel\n");
                client.awaitStdout("lennut\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(client.stdout()).isEqualTo("lennut\n");
                // the certificate checked is the server's: the proxy only passes encrypted bytes on
                assertThat(client.stderr()).contains("SSL connection to 127.0.0.1:" + port + ".\n", "SHA-1 fingerprint: " + opensslFingerprint(cert));
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // jnc listens

    /** Starts {@code jnc -v -l --ssl [args] 127.0.0.1 0} and returns it once it listens. */
    Proc listener(Path stdout, String... args) {
        String[] base = {"-v", "-l", "--ssl"};
        String[] all = new String[base.length + args.length + 2];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        all[all.length - 2] = "127.0.0.1";
        all[all.length - 1] = "0";
        Proc.Builder b = Proc.jnc(all).stdinNull();
        return (stdout == null ? b : b.stdoutTo(stdout)).start();
    }

    @Test
    void listenerReceivesSixteenMebibytesFromNcatSslAndEndsWhenTheClientDoes() throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, SIZE, 22);
        try (Proc server = listener(receive, "--ssl-cert", cert.toString(), "--ssl-key", key.toString())) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.cmd(Peers.require("ncat"), "--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void jncToJncMovesSixteenMebibytesBothWaysAtOnce() throws Exception {
        Path up = tmp.resolve("up");
        Path down = tmp.resolve("down");
        writeRandom(up, SIZE, 23);
        writeRandom(down, SIZE, 24);
        Path gotUp = tmp.resolve("gotUp");
        Path gotDown = tmp.resolve("gotDown");
        try (Proc server = Proc.jnc("-v", "-l", "--ssl", "127.0.0.1", "0").stdinFrom(down).stdoutTo(gotUp).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(up).stdoutTo(gotDown).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(gotUp)).isEqualTo(sha256(up));
        assertThat(sha256(gotDown)).isEqualTo(sha256(down));
    }

    @Test
    void theHttpProxyServerRunsOverTlsWithOpensslAsItsClient() throws Exception {
        // Ncat's suite runs its proxy-server tests over --ssl too: TLS is a layer under every service.
        int target = Peers.freePort();
        try (Proc ncat = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(target)).start()) {
            Peers.awaitListening(target);
            try (Proc proxy = Proc.jnc("-v", "-l", "--proxy-type", "http", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
                int port = proxy.awaitListeningPort();
                String request = "CONNECT 127.0.0.1:" + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + target + "\r\n\r\nthrough a TLS proxy\n";
                try (Proc client = Proc.cmd(Peers.require("openssl"), "s_client", "-connect", "127.0.0.1:" + port, "-quiet")
                        .stdinFrom(Files.writeString(tmp.resolve("connect"), request)).start()) {
                    ncat.awaitStdout("through a TLS proxy\n", T);
                    client.awaitStdout("HTTP/1.1 200", T);
                    ncat.write("and back\n");
                    client.awaitStdout("and back\n", T);
                    client.terminate();
                }
                proxy.awaitStderr("Proxy: tunnel to 127\\.0\\.0\\.1:" + target, T);
            }
        }
    }

    @Test
    void opensslClientSendsToTheListener() throws Exception {
        Path receive = tmp.resolve("receive");
        try (Proc server = listener(receive)) {
            int port = server.awaitListeningPort();
            // -no_ign_eof: s_client ends at EOF on its stdin, sending close_notify
            try (Proc client = Proc.cmd(Peers.require("openssl"), "s_client", "-connect", "127.0.0.1:" + port, "-quiet", "-no_ign_eof")
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "from s_client\n")).start()) {
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
                client.waitFor(T);
            }
        }
        assertThat(Files.readString(receive)).isEqualTo("from s_client\n");
    }

    @Test
    void socatClientTalksBothWays() throws Exception {
        Path receive = tmp.resolve("receive");
        Path reply = Files.writeString(tmp.resolve("reply"), "from jnc\n");
        try (Proc server = Proc.jnc("-v", "-l", "--ssl", "127.0.0.1", "0").stdinFrom(reply).stdoutTo(receive).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.cmd(Peers.require("socat"), "-", "OPENSSL:127.0.0.1:" + port + ",verify=0")
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "from socat\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
                assertThat(client.stdout()).isEqualTo("from jnc\n");
            }
        }
        assertThat(Files.readString(receive)).isEqualTo("from socat\n");
    }

    /** The temporary certificate: EC P-384 by default, RSA 2048 (as Ncat's) with {@code --ssl-temp-key rsa}. */
    @ParameterizedTest(name = "temporary key {0}")
    @ValueSource(strings = {"default", "ec", "rsa"})
    void theTemporaryCertificateIsOneOpensslReadsAndItsFingerprintIsTheOneShown(String kind) throws Exception {
        boolean rsa = kind.equals("rsa");
        try (Proc server = kind.equals("default") ? listener(null) : listener(null, "--ssl-temp-key", kind)) {
            int port = server.awaitListeningPort();
            String err = server.stderr();
            assertThat(err).startsWith(rsa ? "Generating a temporary 2048-bit RSA key. Use --ssl-key and --ssl-cert to use a permanent one.\n"
                    : "Generating a temporary EC P-384 key. Use --ssl-key and --ssl-cert to use a permanent one.\n");
            Matcher shown = Pattern.compile("SHA-1 fingerprint: ([0-9A-F ]+)\n").matcher(err);
            assertThat(shown.find()).as(err).isTrue();

            String served;
            // "ec" is asked for in TLS 1.2 (ECDHE-ECDSA), the others in TLS 1.3; s_client offers AES-256
            // first either way, and the listener picks AES-128-GCM by its own order
            boolean tls12 = kind.equals("ec");
            try (Proc client = Proc.cmd(Peers.require("openssl"), "s_client", "-connect", "127.0.0.1:" + port, "-showcerts", tls12 ? "-tls1_2" : "-tls1_3")
                    .stdinNull().start()) {
                client.waitFor(T);
                served = client.stdout();
            }
            assertThat(served).contains(tls12 ? "Cipher is ECDHE-ECDSA-AES128-GCM-SHA256" : "Cipher is TLS_AES_128_GCM_SHA256");
            Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", Pattern.DOTALL).matcher(served);
            assertThat(pem.find()).as(served).isTrue();
            Path temporary = Files.writeString(tmp.resolve("temporary.pem"), pem.group());

            String text = openssl("x509", "-noout", "-text", "-in", temporary.toString());
            assertThat(text).contains("Version: 3 (0x2)", "Subject: CN = 127.0.0.1", "Issuer: CN = 127.0.0.1",
                    "X509v3 Subject Alternative Name", "IP Address:127.0.0.1");
            if (rsa) {
                assertThat(text).contains("Public-Key: (2048 bit)", "sha256WithRSAEncryption");
            } else {
                assertThat(text).contains("Public-Key: (384 bit)", "ASN1 OID: secp384r1", "ecdsa-with-SHA384").doesNotContain("RSA");
            }
            // the certificate's signature checks out with its own key: it is really self-signed
            assertThat(openssl("verify", "-CAfile", temporary.toString(), temporary.toString())).contains("OK");
            assertThat(opensslFingerprint(temporary)).isEqualTo(shown.group(1));
        }
    }

    /** Keys as older tools write them: PKCS#1 (BEGIN RSA PRIVATE KEY) and SEC1 (BEGIN EC PRIVATE KEY). */
    @ParameterizedTest(name = "listener with a {0} key file")
    @ValueSource(strings = {"RSA", "EC"})
    void traditionalKeyFormats(String kind) throws Exception {
        Path k = tmp.resolve(kind + "-key.pem");
        Path c = tmp.resolve(kind + "-cert.pem");
        if (kind.equals("RSA")) {
            openssl("genrsa", "-traditional", "-out", k.toString(), "2048");
        } else {
            openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", k.toString());
        }
        assertThat(Files.readString(k)).contains("-----BEGIN " + kind + " PRIVATE KEY-----");
        openssl("req", "-x509", "-key", k.toString(), "-out", c.toString(), "-subj", "/CN=localhost", "-days", "2");
        Path receive = tmp.resolve("receive");
        try (Proc server = listener(receive, "--ssl-cert", c.toString(), "--ssl-key", k.toString())) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), kind + "\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(Files.readString(receive)).isEqualTo(kind + "\n");
    }

    @Test
    void keepOpenEchoServesEachTlsClient() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--ssl", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            for (String word : new String[] {"first", "second"}) {
                try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve(word), word + "\n")).start()) {
                    assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                    assertThat(client.stdout()).isEqualTo(word + "\n");
                }
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void keepOpenStdoutGetsEveryTlsClient() throws Exception {
        // stdin at EOF from the start: each client's session gets close_notify at once, and TLS 1.3
        // still carries what the client sends after it (a half-close)
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            StringBuilder expected = new StringBuilder();
            for (String word : new String[] {"one", "two"}) {
                try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve(word), word + "\n")).start()) {
                    assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                    expected.append(word).append('\n');
                    server.awaitStdout(expected.toString(), T);
                }
            }
            assertThat(server.stdout()).isEqualTo(expected.toString());
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void execServesOverTls() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "--ssl", "-e", "/bin/cat", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), "cat me\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(client.stdout()).isEqualTo("cat me\n");
            }
            assertThat(server.waitFor(T)).as(server.stderr()).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------
    // bad inputs

    @Test
    void aPlainClientIsAFailedHandshakeForTheListener() throws Exception {
        try (Proc server = listener(null)) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).stdinFrom(Files.writeString(tmp.resolve("in"), "plain text\n")).start()) {
                assertThat(server.waitFor(T)).isEqualTo(1);
                client.waitFor(T);
            }
            assertThat(server.stderr()).containsOnlyOnce("jnc: ").contains("jnc: Failed SSL connection from 127.0.0.1:");
        }
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        Path otherKey = tmp.resolve("other.pem");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey.toString());
        String[][] cases = {
                {"jnc: --ssl-key " + missing + ": No such file or directory.", "-l", "--ssl-cert", cert.toString(), "--ssl-key", missing.toString(), "127.0.0.1", "0"},
                {"jnc: --ssl-key " + otherKey + " does not match the certificate in --ssl-cert " + cert + ".",
                        "-l", "--ssl-cert", cert.toString(), "--ssl-key", otherKey.toString(), "127.0.0.1", "0"},
                {"jnc: --ssl-cert " + key + ": no certificate in the file.", "-l", "--ssl-cert", key.toString(), "--ssl-key", key.toString(), "127.0.0.1", "0"},
                {"jnc: UDP mode does not support SSL.", "--ssl", "-u", "127.0.0.1", "9"},
                {"jnc: --ssl-cert and --ssl-key go together: give both or neither.", "-l", "--ssl-key", key.toString(), "127.0.0.1", "0"},
                // unknown suites: before listening (not at the first client), and before connecting (not "refused")
                {"jnc: --ssl-ciphers: no cipher suite this JDK supports in \"FOO-BAR-SHA\" (unknown: FOO-BAR-SHA).",
                        "-l", "--ssl-cert", cert.toString(), "--ssl-key", key.toString(), "--ssl-ciphers", "FOO-BAR-SHA", "127.0.0.1", "0"},
                {"jnc: --ssl-ciphers: no cipher suite this JDK supports in \"FOO-BAR-SHA\" (unknown: FOO-BAR-SHA).",
                        "--ssl-ciphers", "FOO-BAR-SHA", "127.0.0.1", String.valueOf(Peers.freePort())},
                {"jnc: Invalid --ssl-temp-key \"dsa\": ec or rsa.", "-l", "--ssl-temp-key", "dsa", "127.0.0.1", "0"},
                {"jnc: --ssl-temp-key is for listen mode without --ssl-cert.", "--ssl-temp-key", "rsa", "127.0.0.1", "9"},
                {"jnc: --ssl-temp-key is for listen mode without --ssl-cert.",
                        "-l", "--ssl-cert", cert.toString(), "--ssl-key", key.toString(), "--ssl-temp-key", "rsa", "127.0.0.1", "0"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            try (Proc p = Proc.jnc(args).stdinNull().start()) {
                assertThat(p.waitFor(T)).as(String.join(" ", args)).isEqualTo(2);
                assertThat(p.stderr()).isEqualTo(c[0] + "\n");
            }
        }
    }

    @Test
    void noServerIsANetworkErrorAsWithoutTls() {
        int port = Peers.freePort();
        try (Proc p = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(1);
            assertThat(p.stderr()).isEqualTo("jnc: connect to 127.0.0.1 port " + port + " (tcp) failed: Connection refused.\n");
        }
    }
}
