package jnc.tls;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;

import jnc.base.Diag;
import jnc.base.Printable;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.cli.TlsOptions;
import jnc.net.Resolver;
import jnc.net.TcpConnector;
import jnc.io.NetEnd;

/**
 * {@code jnc --ssl HOST PORT}: TLS over the connected TCP socket. As in Ncat the server's
 * certificate is not checked unless {@code --ssl-verify}; {@code -v} shows who it says it is.
 * Made in two steps: {@link #prepare} settles the options (a bad one is a usage error before any
 * connection), {@link #over} shakes hands on the TCP connection the caller made, direct or
 * through {@code --proxy}.
 */
public final class TlsClient {
    /** How long a handshake may take without -w, on either side (Ncat's bound for its client). */
    public static final java.time.Duration HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(10);

    /** -w when given, else {@link #HANDSHAKE_TIMEOUT}: how long a handshake (and --code's proof) waits for each message. */
    public static java.time.Duration handshakeTimeout(Options o) {
        return o.target().connectTimeout() != null ? o.target().connectTimeout() : HANDSHAKE_TIMEOUT;
    }

    private final Options options;
    private final SSLContext context;
    private final SSLParameters parameters;
    /** The name the server should hear (SNI) and, with --ssl-verify, the one its certificate must carry. */
    private final String name;
    /** The engine {@link #prepare} made to learn the defaults, set up for the first {@link #over}; then null. */
    private SSLEngine first;

    private TlsClient(Options options, SSLContext context, SSLParameters parameters, String name, SSLEngine first) {
        this.options = options;
        this.context = context;
        this.parameters = parameters;
        this.name = name;
        this.first = first;
    }

    public static TlsClient prepare(Options o) {
        TlsOptions t = o.tls();
        // What the handshake needs after its ClientHello is made ready on a second core meanwhile:
        // JSSE's own set-up below is one thread's work (HandshakeWarmup, BENCHMARKS.md "TLS").
        HandshakeWarmup.start();
        SSLContext context = context(t);
        String name = t.serverName() != null ? t.serverName() : o.target().host();
        // The defaults come from the engine the connection will use: SSLContext.getDefaultSSLParameters
        // makes a whole SSLSocket just to read them (about 5 % of a client's start-up).
        SSLEngine engine = engine(context, name, o.target().port());
        SSLParameters parameters = parameters(engine.getSSLParameters(), context, t, name);
        engine.setSSLParameters(parameters);
        return new TlsClient(o, context, parameters, name, engine);
    }

    private static SSLEngine engine(SSLContext context, String name, int port) {
        SSLEngine engine = context.createSSLEngine(name, port);
        engine.setUseClientMode(true);
        return engine;
    }

    /** The client's side of the handshake on {@code tcp}; a failure closes it and is one line, exit 1. */
    public NetEnd over(SocketChannel tcp) {
        Options o = options;
        try {
            SSLEngine engine = first;
            first = null;
            if (engine == null) {
                engine = engine(context, name, o.target().port());
                engine.setSSLParameters(parameters);
            }
            EngineEnd end = new EngineEnd(engine, tcp);
            // -w bounds the handshake as it bounds the connect; reads afterwards wait as long as they must.
            // Without -w, Ncat's 10 s: a server that accepts and never answers must not hold us forever.
            end.handshake(o.target().connectTimeout() != null ? o.target().connectTimeout() : HANDSHAKE_TIMEOUT);
            if (Diag.verbose()) describe(engine, o);
            return end;
        } catch (IOException e) {
            TcpConnector.closeQuietly(tcp);
            throw Failure.network("Failed SSL connection to " + o.target().host() + ":" + o.target().port() + ": " + TlsErrors.describe(e));
        }
    }

    private static SSLContext context(TlsOptions t) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(t.cert() == null ? null : KeyAndCert.load(t.cert(), t.key()).keyManagers(),
                    t.verify() ? Trust.verifying(t.trustFile()) : Trust.anybody(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw Failure.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    private static SSLParameters parameters(SSLParameters defaults, SSLContext context, TlsOptions t, String name) {
        SSLParameters p = common(defaults, context, t);
        // JSSE sends SNI by itself only for names with a dot; Ncat sends any host name given.
        if (name != null && !name.isEmpty() && !Resolver.isLiteral(name)) {
            try {
                p.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                if (t.serverName() != null) throw Failure.usage("Invalid --ssl-servername \"" + name + "\".");
            }
        }
        if (t.verify()) p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 host name rules
        // The key shares: X25519 and P-384, not P-256, whose first key costs a fresh JVM tens of ms (NamedGroups).
        if (System.getProperty("jdk.tls.namedGroups") == null && p.getNamedGroups() != null) {
            p.setNamedGroups(NamedGroups.p384BeforeP256(p.getNamedGroups()));
        }
        return p;
    }

    /** What client and server set alike on an engine's {@code defaults}: ALPN and, with {@code --ssl-ciphers}, the suites. */
    static SSLParameters common(SSLParameters defaults, SSLContext context, TlsOptions t) {
        SSLParameters p = defaults;
        if (!t.alpn().isEmpty()) p.setApplicationProtocols(t.alpn().toArray(new String[0]));
        if (t.ciphers() != null) {
            String[] suites = CipherSuites.select(t.ciphers(), context.getSupportedSSLParameters().getCipherSuites());
            if (suites != null) p.setCipherSuites(suites);
        } else {
            p.setCipherSuites(CipherSuites.aes128First(p.getCipherSuites()));
        }
        p.setUseCipherSuitesOrder(true); // a listener chooses by its own order, as OpenSSL's servers may
        return p;
    }

    /** Ncat's lines: who the server says it is, then {@code SSL connection to HOST:PORT.} and the fingerprint. */
    private static void describe(SSLEngine tls, Options o) throws IOException {
        X509Certificate cert = (X509Certificate) tls.getSession().getPeerCertificates()[0];
        // The names are the server's words: RFC 2253 escapes ',' and ';', not an escape sequence.
        Diag.verbose("Subject: " + Printable.of(cert.getSubjectX500Principal().getName()));
        Diag.verbose("Issuer: " + Printable.of(cert.getIssuerX500Principal().getName()));
        Diag.verbose("SSL connection to " + o.target().host() + ":" + o.target().port() + ".");
        Diag.verbose(Fingerprint.line(cert));
        Diag.debug(tls.getSession().getProtocol() + ", " + tls.getSession().getCipherSuite()
                + (tls.getApplicationProtocol() == null || tls.getApplicationProtocol().isEmpty() ? "" : ", ALPN " + tls.getApplicationProtocol()));
    }
}
