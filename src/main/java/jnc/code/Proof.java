package jnc.code;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.jpake.JPAKEParticipant;
import org.bouncycastle.crypto.agreement.jpake.JPAKEPrimeOrderGroups;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound1Payload;
import org.bouncycastle.crypto.agreement.jpake.JPAKERound2Payload;
import org.bouncycastle.crypto.digests.SHA256Digest;

import jnc.io.NetEnd;
import jnc.tls.KeyingMaterial;

/**
 * The proof that both ends of one TLS session know the same short code, and nobody between them:
 * J-PAKE (RFC 8236; BouncyCastle's, over the 3072-bit group of NIST) turns the code into a shared
 * key that only the two holders of the code can compute and that tells an eavesdropper or a
 * guesser nothing about the code (one guess per connection, no offline dictionary). Each side
 * then sends an HMAC under that key of its role and the TLS session's exported keying material.
 * A relay that terminates TLS in the middle holds two sessions with two different exports, so
 * even passing the J-PAKE messages through unchanged, it cannot make either tag check; without the
 * code it cannot run J-PAKE with either side. Record encryption stays JSSE's TLS.
 *
 * <p>On the wire, inside TLS, three messages each way, each sent before the other's is read:
 * round 1, round 2, the tag. A message is a 2-byte length and that many bytes, at most
 * {@value #MAX_MESSAGE}; its body is items of a 2-byte length and bytes. Nothing of the code leaves.
 */
public final class Proof {
    /** Told apart from anything a peer without {@code --code} would send first. */
    private static final String MAGIC = "jnc-code/1";
    private static final String EXPORTER_LABEL = "EXPORTER-jnc-code";
    static final int MAX_MESSAGE = 4096;
    private static final int MAX_ITEM = 1024;

    /** The proof failed: the other side did not show the code (a wrong one, or someone between). */
    public static final class Refused extends Exception {
        Refused() {
            super("the other side did not prove it knows the code (a wrong code, or someone in between)", null, false, false);
        }
    }

    private Proof() {
    }

    /**
     * Runs the proof over {@code tls} (a TLS end, its handshake done). {@code listener} says which
     * role this end plays; {@code timeout} bounds each wait for the other side's message.
     *
     * @throws Refused     when the other side did not prove the code
     * @throws IOException when the connection failed or ended first, or the peer does not speak it
     */
    public static void run(NetEnd tls, String code, boolean listener, Duration timeout) throws IOException, Refused {
        String me = listener ? "jnc-listener" : "jnc-connector";
        String peer = listener ? "jnc-connector" : "jnc-listener";
        SecureRandom random = new SecureRandom();
        JPAKEParticipant jpake = new JPAKEParticipant(me, Codes.normalize(code).toCharArray(),
                JPAKEPrimeOrderGroups.NIST_3072, new SHA256Digest(), random);
        try {
            JPAKERound1Payload r1 = jpake.createRound1PayloadToSend();
            send(tls, List.of(MAGIC.getBytes(StandardCharsets.US_ASCII), r1.getGx1().toByteArray(), r1.getGx2().toByteArray(),
                    r1.getKnowledgeProofForX1()[0].toByteArray(), r1.getKnowledgeProofForX1()[1].toByteArray(),
                    r1.getKnowledgeProofForX2()[0].toByteArray(), r1.getKnowledgeProofForX2()[1].toByteArray()));
            List<byte[]> in = receive(tls, timeout, 7);
            if (!MAGIC.equals(new String(in.get(0), StandardCharsets.US_ASCII))) throw new IOException("the other side does not speak --code");
            jpake.validateRound1PayloadReceived(new JPAKERound1Payload(peer, number(in.get(1)), number(in.get(2)),
                    new BigInteger[] {number(in.get(3)), number(in.get(4))}, new BigInteger[] {number(in.get(5)), number(in.get(6))}));

            JPAKERound2Payload r2 = jpake.createRound2PayloadToSend();
            send(tls, List.of(r2.getA().toByteArray(), r2.getKnowledgeProofForX2s()[0].toByteArray(), r2.getKnowledgeProofForX2s()[1].toByteArray()));
            in = receive(tls, timeout, 3);
            jpake.validateRound2PayloadReceived(new JPAKERound2Payload(peer, number(in.get(0)),
                    new BigInteger[] {number(in.get(1)), number(in.get(2))}));

            byte[] key = sha256("jnc --code key".getBytes(StandardCharsets.US_ASCII), jpake.calculateKeyingMaterial().toByteArray());
            byte[] exported = KeyingMaterial.export(tls, EXPORTER_LABEL, 32);
            send(tls, List.of(tag(key, me, exported)));
            in = receive(tls, timeout, 1);
            if (!MessageDigest.isEqual(in.get(0), tag(key, peer, exported))) throw new Refused();
        } catch (CryptoException | IllegalArgumentException | IllegalStateException e) {
            // A zero-knowledge proof or a group element that does not check: the same answer as a
            // wrong code, so a prober learns nothing from which step failed.
            throw new Refused();
        }
    }

    /** HMAC-SHA256 under the PAKE's key of a role and the TLS session's exported keying material. */
    private static byte[] tag(byte[] key, String role, byte[] exported) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(role.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(exported);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(a);
            return d.digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger number(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("empty number");
        return new BigInteger(bytes);
    }

    static void send(NetEnd end, List<byte[]> items) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(encode(items));
        while (out.hasRemaining()) end.write(out);
    }

    static byte[] encode(List<byte[]> items) {
        int size = 0;
        for (byte[] item : items) size += 2 + item.length;
        ByteBuffer b = ByteBuffer.allocate(2 + size);
        b.putShort((short) size);
        for (byte[] item : items) b.putShort((short) item.length).put(item);
        return b.array();
    }

    /** One message of exactly {@code count} items; read to its last byte and no further. */
    static List<byte[]> receive(NetEnd end, Duration timeout, int count) throws IOException {
        ByteBuffer head = readFully(end, 2, timeout);
        int size = Short.toUnsignedInt(head.getShort(0));
        if (size > MAX_MESSAGE) throw new IOException("the other side does not speak --code");
        return decode(readFully(end, size, timeout), count);
    }

    static List<byte[]> decode(ByteBuffer body, int count) throws IOException {
        List<byte[]> items = new ArrayList<>(count);
        while (body.hasRemaining()) {
            if (body.remaining() < 2 || items.size() == count) throw new IOException("the other side does not speak --code");
            int n = Short.toUnsignedInt(body.getShort());
            if (n > MAX_ITEM || n > body.remaining()) throw new IOException("the other side does not speak --code");
            byte[] item = new byte[n];
            body.get(item);
            items.add(item);
        }
        if (items.size() != count) throw new IOException("the other side does not speak --code");
        return items;
    }

    private static ByteBuffer readFully(NetEnd end, int n, Duration timeout) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (end.read(b, timeout) < 0) throw new EOFException("the other side closed the connection during the --code proof");
        }
        return b.flip();
    }
}
