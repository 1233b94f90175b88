package jnc.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * JSSE's key manager for our one key and its chain, handed over as they are. The JDK's own
 * managers take a {@link java.security.KeyStore}, and putting a key into a PKCS#12 store encrypts
 * it with 10,000 rounds of PBKDF2-HMAC-SHA256 (the store's default), which a fresh JVM runs in its
 * interpreter: a large part of a TLS listener's start-up, for a store nobody ever writes out.
 *
 * <p>Like Ncat, the key is offered whatever issuers the peer names; it is offered only for the
 * key type it is (JSSE asks per signature scheme: "RSA", "RSASSA-PSS", "EC", "EdDSA", and in TLS
 * 1.2 also "EC_RSA"-style types, the key's type before the underscore).
 */
final class OneKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "jnc";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKeyManager(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    /** Whether JSSE's {@code keyType} is the type of our key. */
    boolean fits(String keyType) {
        if (keyType == null) return false;
        String type = keyType.indexOf('_') > 0 ? keyType.substring(0, keyType.indexOf('_')) : keyType;
        String ours = key.getAlgorithm();
        return type.equalsIgnoreCase(ours) || (type.equals("EdDSA") && (ours.equals("Ed25519") || ours.equals("Ed448")));
    }

    private String aliasFor(String keyType) {
        return fits(keyType) ? ALIAS : null;
    }

    private String aliasForAny(String[] keyTypes) {
        if (keyTypes == null) return null;
        for (String t : keyTypes) if (fits(t)) return ALIAS;
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasForAny(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasForAny(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
