package jnc.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;

import jnc.base.Failure;
import jnc.cli.Options;
import jnc.cli.TlsOptions;
import jnc.net.Addresses;
import jnc.net.TcpConnector;
import jnc.io.Layer;
import jnc.io.NetEnd;

/**
 * {@code jnc -l --ssl}: made once before listening (so a bad key file, or the temporary key's
 * lines, come before {@code Listening on}), then wraps each accepted TCP client in TLS.
 */
public final class TlsServer implements Layer {
    private final SSLContext context;
    /** ALPN and cipher suites, settled once: a bad --ssl-ciphers is a usage error before we listen. */
    private final SSLParameters parameters;

    private final java.time.Duration handshakeTimeout;

    private TlsServer(SSLContext context, SSLParameters parameters, java.time.Duration handshakeTimeout) {
        this.context = context;
        this.parameters = parameters;
        this.handshakeTimeout = handshakeTimeout;
    }

    public static TlsServer create(Options o) {
        TlsOptions t = o.tls();
        KeyAndCert identity = t.cert() != null
                ? KeyAndCert.load(t.cert(), t.key())
                : KeyAndCert.temporary(o.target().host() != null ? o.target().host() : "localhost", t.rsaTempKey());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // No client certificates are asked for, so whom to trust never comes up; saying
            // "anybody" spares loading the JDK's CA store.
            context.init(identity.keyManagers(), Trust.anybody(), null);
            SSLEngine probe = context.createSSLEngine(); // its defaults; SSLContext.getDefaultSSLParameters would make a whole SSLSocket
            probe.setUseClientMode(false);
            return new TlsServer(context, TlsClient.common(probe.getSSLParameters(), context, t),
                    o.target().connectTimeout() != null ? o.target().connectTimeout() : TlsClient.HANDSHAKE_TIMEOUT);
        } catch (GeneralSecurityException e) {
            throw Failure.usage("cannot set up TLS: " + e.getMessage());
        }
    }

    /** TLS over an accepted TCP client: the server's side of the handshake. */
    @Override
    public NetEnd over(NetEnd end) {
        SocketChannel ch = end.socket();
        if (ch == null) throw Failure.usage("TLS needs a TCP connection.");
        return accept(ch);
    }

    /** The server's side of the handshake with a client just accepted; a failure is one line, exit 1. */
    public NetEnd accept(SocketChannel client) {
        SocketAddress remote = NetEnd.addressOrNull(client::getRemoteAddress); // asked now: a failed handshake closes the socket
        try {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setSSLParameters(parameters);
            EngineEnd end = new EngineEnd(engine, client);
            // A client that connects and never says hello is given up on: -w if given, else 10 s
            // without a byte of its handshake; reads afterwards wait as long as they must (-i bounds them).
            end.handshake(handshakeTimeout);
            return end;
        } catch (IOException e) {
            TcpConnector.closeQuietly(client);
            throw Failure.network("Failed SSL connection from " + peer(remote) + ": " + TlsErrors.describe(e));
        }
    }

    private static String peer(SocketAddress remote) {
        if (remote instanceof InetSocketAddress r) {
            return Addresses.text(r.getAddress()) + ":" + r.getPort();
        }
        return "an unknown peer";
    }
}
