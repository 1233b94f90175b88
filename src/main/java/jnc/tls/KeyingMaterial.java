package jnc.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLSession;

import jnc.io.NetEnd;

/**
 * The TLS session's exported keying material (RFC 5705 / RFC 8446 section 7.5, JDK 25's
 * {@link ExtendedSSLSession} exporters): the same bytes on both ends of one TLS session, and
 * different bytes on the two sessions of a relay that terminates TLS in the middle. {@code --code}
 * binds its proof to them.
 */
public final class KeyingMaterial {
    private KeyingMaterial() {
    }

    /** {@code length} bytes exported under {@code label} from the session under {@code end}; {@code end} must be a TLS end. */
    public static byte[] export(NetEnd end, String label, int length) throws SSLKeyException {
        if (!(end instanceof EngineEnd tls)) throw new IllegalArgumentException("not a TLS end");
        SSLSession session = tls.engine().getSession();
        if (!(session instanceof ExtendedSSLSession extended)) throw new SSLKeyException("the TLS session exports no keying material");
        return extended.exportKeyingMaterialData(label, new byte[0], length);
    }
}
