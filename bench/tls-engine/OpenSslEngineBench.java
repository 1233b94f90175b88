import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The same record path as TlsEngineBench, through BoringSSL: netty-handler's OpenSSL SSLEngine over
 * netty-tcnative-boringssl-static (linux-x86_64). Also prints what making the contexts and the
 * engines cost a fresh JVM, the price every `--ssl` run would pay. Not part of jnc's build: the
 * jars come from the local Maven repository, e.g.
 *   mvn dependency:get -Dartifact=io.netty:netty-handler:4.2.18.Final
 *   mvn dependency:get -Dartifact=io.netty:netty-tcnative-boringssl-static:2.0.84.Final:jar:linux-x86_64
 *   java --enable-native-access=ALL-UNNAMED -cp "$NETTY_JARS" OpenSslEngineBench.java CERT.pem KEY.pem [startup]
 * where NETTY_JARS lists netty-handler, -common, -buffer, -transport, -resolver, -codec-base
 * (4.2.18.Final), netty-tcnative-classes and netty-tcnative-boringssl-static linux-x86_64 (2.0.84.Final).
 */
public class OpenSslEngineBench {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        SslContext server = SslContextBuilder.forServer(new File(a[0]), new File(a[1])).sslProvider(SslProvider.OPENSSL).build();
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        SSLEngine c = client.newEngine(UnpooledByteBufAllocator.DEFAULT, "localhost", 1);
        SSLEngine s = server.newEngine(UnpooledByteBufAllocator.DEFAULT);
        long t1 = System.nanoTime();
        int pkt = c.getSession().getPacketBufferSize(), app = c.getSession().getApplicationBufferSize();
        ByteBuffer c2s = ByteBuffer.allocateDirect(16 * pkt), s2c = ByteBuffer.allocateDirect(16 * pkt);
        ByteBuffer capp = ByteBuffer.allocateDirect(16 * app), sapp = ByteBuffer.allocateDirect(16 * app);
        ByteBuffer none = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100 && !(idle(c) && idle(s)); i++) {
            c.wrap(none, c2s); tasks(c); c2s.flip(); s.unwrap(c2s, sapp); c2s.compact(); tasks(s);
            s.wrap(none, s2c); tasks(s); s2c.flip(); c.unwrap(s2c, capp); s2c.compact(); tasks(c);
        }
        long t2 = System.nanoTime();
        System.out.printf("%s %s; contexts and engines %.1f ms, handshake %.1f ms%n", c.getSession().getProtocol(), c.getSession().getCipherSuite(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        if (a.length > 2 && a[2].equals("startup")) return;
        ByteBuffer src = ByteBuffer.allocateDirect(256 * 1024);
        var threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 6; round++) {
            long t = System.nanoTime(), cpu = threads.getCurrentThreadCpuTime(), total = 0;
            while (total < (1L << 30)) {
                src.clear();
                while (src.hasRemaining()) {
                    c2s.clear();
                    while (src.hasRemaining() && c2s.remaining() >= pkt) c.wrap(src, c2s);
                    c2s.flip();
                    while (c2s.hasRemaining()) {
                        sapp.clear();
                        SSLEngineResult r = s.unwrap(c2s, sapp);
                        if (r.getStatus() != SSLEngineResult.Status.OK) throw new IllegalStateException(r.toString());
                        total += r.bytesProduced();
                    }
                }
            }
            double wall = (System.nanoTime() - t) / 1e9, cpuSec = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            System.out.printf("round %d: %.0f MiB/s, %.0f MiB per CPU second (wrap + unwrap)%n", round + 1, total / wall / (1 << 20), total / cpuSec / (1 << 20));
        }
    }

    static boolean idle(SSLEngine e) {
        return e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    static void tasks(SSLEngine e) {
        Runnable r;
        while ((r = e.getDelegatedTask()) != null) r.run();
    }
}
