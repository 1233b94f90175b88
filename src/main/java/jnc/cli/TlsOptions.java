package jnc.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What the {@code --ssl*} options said. Plain data: nothing here touches {@code javax.net.ssl}, so
 * parsing a command line without TLS loads no TLS class ({@link Options#tls()} is then {@code null}).
 *
 * @param cert       {@code --ssl-cert}, or {@code null}
 * @param key        {@code --ssl-key}, or {@code null}
 * @param verify     {@code --ssl-verify}
 * @param trustFile  {@code --ssl-trustfile}, or {@code null} for the system's CA bundle
 * @param ciphers    {@code --ssl-ciphers} as written, or {@code null}
 * @param serverName {@code --ssl-servername}, or {@code null} for the target host
 * @param alpn       {@code --ssl-alpn} protocols; empty when none
 * @param rsaTempKey {@code --ssl-temp-key rsa}: listen mode's temporary certificate gets an RSA key, not EC P-384
 * @param code       {@code --code}: the short code, empty for a listener that makes one, or {@code null} without it
 */
public record TlsOptions(Path cert, Path key, boolean verify, Path trustFile, String ciphers, String serverName, List<String> alpn,
        boolean rsaTempKey, String code) {
    public TlsOptions {
        alpn = List.copyOf(alpn);
    }
}
