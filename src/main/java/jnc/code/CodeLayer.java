package jnc.code;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.io.Layer;
import jnc.io.NetEnd;

/**
 * {@code --code}: over the TLS layer (throwaway certificates on the listener, no certificate check
 * on the client), each connection must pass the {@link Proof} before any byte of the session flows.
 * A listener given no code makes one and prints it. Every guess costs an attacker a connection,
 * and a listener gives up after {@value #MAX_FAILURES} failed proofs (without {@code -k} after the
 * first, as it serves one peer).
 */
public final class CodeLayer implements Layer {
    /** Failed proofs a listener with -k takes before it stops: a code cannot be guessed online for long. */
    static final int MAX_FAILURES = 10;

    private final Layer tls;
    private final String code;
    private final Duration timeout;
    private final AtomicInteger failures = new AtomicInteger();

    private CodeLayer(Layer tls, String code, Duration timeout) {
        this.tls = tls;
        this.code = code;
        this.timeout = timeout;
    }

    /** The listener's layer over {@code tls}; an empty {@code code} asks for a fresh one, printed here. */
    public static Layer listener(Layer tls, String code, Duration timeout) {
        if (code.isEmpty()) {
            code = Codes.make(new SecureRandom());
            Diag.error("the code: " + code + " (the other side gives it with --code)");
        }
        return new CodeLayer(tls, code, timeout);
    }

    @Override
    public NetEnd over(NetEnd end) throws IOException {
        SocketAddress remote = end.remoteAddress();
        NetEnd secured = tls.over(end);
        try {
            Proof.run(secured, code, true, timeout);
            return secured;
        } catch (Proof.Refused e) {
            close(secured);
            int n = failures.incrementAndGet();
            Failure f = Failure.network("--code: the peer " + peer(remote) + " did not prove it knows the code (a wrong code, or someone in between); connection closed.");
            if (n >= MAX_FAILURES) {
                Diag.error(f.getMessage());
                Diag.error("--code: " + n + " failed proofs: the listener stops.");
                Runtime.getRuntime().halt(ExitCode.NETWORK.code);
            }
            throw f;
        } catch (IOException e) {
            close(secured);
            throw Failure.network("--code: the proof with " + peer(remote) + " did not finish: " + IoErrors.describe(e));
        }
    }

    /** The connecting side: the proof over a TLS end just made; on failure it is closed. */
    public static NetEnd client(NetEnd secured, String code, Duration timeout) {
        try {
            Proof.run(secured, code, false, timeout);
            return secured;
        } catch (Proof.Refused e) {
            close(secured);
            throw Failure.network("--code: the listener did not prove it knows the code (a wrong code, or someone in between); nothing was sent.");
        } catch (IOException e) {
            close(secured);
            throw Failure.network("--code: the proof did not finish: " + IoErrors.describe(e));
        }
    }

    private static String peer(SocketAddress remote) {
        if (remote instanceof InetSocketAddress r) return r.getAddress().getHostAddress() + ":" + r.getPort();
        return "(unknown)";
    }

    private static void close(NetEnd end) {
        try {
            end.close();
        } catch (IOException ignored) {
            // the proof failed; the connection is given up either way
        }
    }
}
