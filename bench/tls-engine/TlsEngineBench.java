import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * JSSE's record path alone, no sockets: a client SSLEngine wraps 256 KiB at a time into 16 KiB
 * records and a server SSLEngine unwraps them, in one thread, 1 GiB per round. Prints MiB/s and
 * MiB per CPU second of that thread (steadier on a shared machine). Run by tls-engine.sh.
 * Usage: java TlsEngineBench.java KEYSTORE.p12 heap|direct [PROTOCOL [SUITE]]
 */
public class TlsEngineBench {
    public static void main(String[] a) throws Exception {
        boolean direct = a[1].equals("direct");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(a[0])) {
            ks.load(in, "pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, "pw".toCharArray());
        TrustManager[] anybody = {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String s) { }
            public void checkServerTrusted(X509Certificate[] c, String s) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), anybody, null);
        SSLEngine c = ctx.createSSLEngine("localhost", 1);
        c.setUseClientMode(true);
        if (a.length > 2) c.setEnabledProtocols(new String[] {a[2]});
        if (a.length > 3) c.setEnabledCipherSuites(new String[] {a[3]});
        SSLEngine s = ctx.createSSLEngine();
        s.setUseClientMode(false);
        int pkt = c.getSession().getPacketBufferSize(), app = c.getSession().getApplicationBufferSize();
        ByteBuffer c2s = alloc(direct, 16 * pkt), s2c = alloc(direct, 16 * pkt), capp = alloc(direct, 16 * app), sapp = alloc(direct, 16 * app);
        ByteBuffer none = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100 && !(idle(c) && idle(s)); i++) {
            c.wrap(none, c2s); tasks(c); c2s.flip(); s.unwrap(c2s, sapp); c2s.compact(); tasks(s);
            s.wrap(none, s2c); tasks(s); s2c.flip(); c.unwrap(s2c, capp); s2c.compact(); tasks(c);
        }
        System.out.println(c.getSession().getProtocol() + " " + c.getSession().getCipherSuite() + ", " + (direct ? "direct" : "heap") + " buffers");
        ByteBuffer src = alloc(direct, 256 * 1024);
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

    static ByteBuffer alloc(boolean direct, int n) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }
}
