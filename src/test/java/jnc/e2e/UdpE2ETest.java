package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -u}: UDP in connect and listen mode, with and without {@code -k}, against ncat, nc.openbsd and socat. */
@Timeout(120)
class UdpE2ETest {
    static final Duration T = Duration.ofSeconds(20);
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0));
        s.setSoTimeout(10_000);
        return s;
    }

    static byte[] exchange(DatagramSocket s, int port, byte[] data) throws Exception {
        s.send(new DatagramPacket(data, data.length, LO, port));
        DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void clientSendsALinePerDatagramToSocatAndEndsAtEof(@TempDir Path dir) throws Exception {
        int port = Peers.freePort();
        Path got = dir.resolve("got");
        try (Proc socat = Proc.cmd(Peers.require("socat"), "-u", "UDP-RECV:" + port + ",bind=127.0.0.1", "OPEN:" + got + ",creat")
                .stdinNull().start()) {
            Peers.awaitUdpBound(port);
            try (Proc jnc = Proc.jnc("-v", "-u", "127.0.0.1", Integer.toString(port)).start()) {
                jnc.write("first line\n");
                jnc.write("second line\n");
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero(); // as Ncat: a UDP client ends at EOF on stdin
                assertThat(jnc.stderr()).contains("Connection to 127.0.0.1 " + port + " port [udp/");
            }
            long end = System.nanoTime() + T.toNanos();
            while (System.nanoTime() < end && !(Files.exists(got) && Files.readString(got).contains("second line\n"))) Proc.sleep(20);
            assertThat(Files.readString(got)).isEqualTo("first line\nsecond line\n");
        }
    }

    @Test
    void listenerTalksToItsFirstPeerOnlyAndAnswersIt() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (DatagramSocket first = socket(); DatagramSocket other = socket()) {
                first.send(new DatagramPacket("hello\n".getBytes(), 6, LO, port));
                jnc.awaitStdout("hello\n", T);
                jnc.write("welcome\n");
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                first.receive(p);
                assertThat(new String(p.getData(), 0, p.getLength())).isEqualTo("welcome\n");
                // Anyone else is not heard: the socket is connected to the first peer.
                other.send(new DatagramPacket("intruder\n".getBytes(), 9, LO, port));
                first.send(new DatagramPacket("again\n".getBytes(), 6, LO, port));
                jnc.awaitStdout("again\n", T);
                assertThat(jnc.stdout()).isEqualTo("hello\nagain\n");
            }
            assertThat(jnc.stderr()).containsOnlyOnce("received!");
        }
    }

    @Test
    void keepOpenEchoAnswersEachPeerWithItsOwnDatagrams() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "127.0.0.1", "0", "--echo").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            DatagramSocket[] peers = new DatagramSocket[5];
            try {
                for (int i = 0; i < peers.length; i++) peers[i] = socket();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < peers.length; i++) {
                        String msg = "peer " + i + " round " + round;
                        assertThat(text(exchange(peers[i], port, msg.getBytes(StandardCharsets.UTF_8)))).isEqualTo(msg);
                    }
                }
            } finally {
                for (DatagramSocket s : peers) if (s != null) s.close();
            }
            jnc.awaitStderr("(?s)(received!.*){5}", T); // our reader of its stderr may lag behind the echoes
            assertThat(jnc.stderr().lines().filter(l -> l.endsWith("received!")).count()).isEqualTo(5);
        }
    }

    @Test
    void theLargestDatagramsPassIntactBothWays() throws Exception {
        byte[] big = new byte[65_507];
        new Random(7).nextBytes(big);
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "127.0.0.1", "0", "--echo").stdinNull().start();
             DatagramSocket s = socket()) {
            int port = jnc.awaitListeningPort();
            assertThat(exchange(s, port, big)).isEqualTo(big);
            byte[] one = {42};
            assertThat(exchange(s, port, one)).isEqualTo(one);
        }
    }

    @Test
    void execPerPeerSeesUdpInItsEnvironment() throws Exception {
        try (Proc jnc = Proc.jnc("-u", "-l", "-k", "-v", "127.0.0.1", "0", "-c",
                "read line; echo \"$NCAT_PROTO $NCAT_REMOTE_ADDR $line\"").stdinNull().start();
             DatagramSocket s = socket()) {
            int port = jnc.awaitListeningPort();
            assertThat(text(exchange(s, port, "hi\n".getBytes()))).isEqualTo("UDP 127.0.0.1 hi\n");
        }
    }

    @Test
    void idlePeersAreDroppedAndLoggedTrafficIsRecorded(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log");
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "-i", "300ms", "-o", log.toString(), "127.0.0.1", "0", "--echo")
                .stdinNull().start(); DatagramSocket s = socket()) {
            int port = jnc.awaitListeningPort();
            assertThat(text(exchange(s, port, "one\n".getBytes()))).isEqualTo("one\n");
            jnc.awaitStderr("Idle timeout expired", T);
            // After the idle peer was dropped the same address is a new peer, announced again.
            assertThat(text(exchange(s, port, "two\n".getBytes()))).isEqualTo("two\n");
            jnc.awaitStderr("(?s)received!.*received!", T);
            assertThat(Files.readString(log)).contains("one\n").contains("two\n");
        }
    }

    @Test
    void ncatAndOpenBsdNcClientsReachAJncListener() throws Exception {
        for (String peer : new String[] {"ncat", "nc.openbsd"}) {
            try (Proc jnc = Proc.jnc("-v", "-u", "-l", "127.0.0.1", "0").stdinNull().start()) {
                int port = jnc.awaitListeningPort();
                try (Proc client = Proc.cmd(Peers.require(peer), "-u", "127.0.0.1", Integer.toString(port)).start()) {
                    client.write("from " + peer + "\n");
                    jnc.awaitStdout("from " + peer + "\n", T);
                    client.terminate();
                }
            }
        }
    }

    /** UDP with -k against the real peers at once: ncat, nc.openbsd and socat each get their own echo only. */
    @Test
    void keepOpenEchoServesNcatOpenBsdNcAndSocatAtOnce() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "127.0.0.1", "0", "--echo").stdinNull().start()) {
            String port = Integer.toString(jnc.awaitListeningPort());
            try (Proc ncat = Proc.cmd(Peers.require("ncat"), "-u", "127.0.0.1", port).start();
                 Proc nc = Proc.cmd(Peers.require("nc.openbsd"), "-u", "127.0.0.1", port).start();
                 Proc socat = Proc.cmd(Peers.require("socat"), "-", "UDP:127.0.0.1:" + port).start()) {
                for (int round = 0; round < 2; round++) {
                    ncat.write("ncat says " + round + "\n");
                    nc.write("nc says " + round + "\n");
                    socat.write("socat says " + round + "\n");
                    ncat.awaitStdout("ncat says " + round + "\n", T);
                    nc.awaitStdout("nc says " + round + "\n", T);
                    socat.awaitStdout("socat says " + round + "\n", T);
                }
                assertThat(ncat.stdout()).doesNotContain("nc says", "socat says");
                assertThat(nc.stdout()).doesNotContain("ncat says", "socat says");
                assertThat(socat.stdout()).doesNotContain("ncat says", "nc says");
                jnc.awaitStderr("(?s)(received!.*){3}", T);
                ncat.terminate();
                nc.terminate();
                socat.terminate();
            }
        }
    }

    @Test
    void jncClientReachesNcatListenerOverIpv6() throws Exception {
        int port = Peers.freePort();
        try (Proc ncat = Proc.cmd(Peers.require("ncat"), "-6", "-u", "-l", "::1", Integer.toString(port)).start()) {
            Peers.awaitUdpBound(port);
            try (Proc jnc = Proc.jnc("-u", "-q", "2", "::1", Integer.toString(port)).start()) {
                jnc.write("over ipv6\n");
                ncat.awaitStdout("over ipv6\n", T);
                ncat.write("reply6\n");
                jnc.awaitStdout("reply6\n", T);
            }
        }
    }

    @Test
    void nobodyListeningIsARefusedConnection() throws Exception {
        int port = Peers.freePort();
        try (Proc jnc = Proc.jnc("-u", "-q", "5", "127.0.0.1", Integer.toString(port)).start()) {
            jnc.write("anyone?\n");
            assertThat(jnc.waitFor(T)).isEqualTo(1);
            assertThat(jnc.stderr()).isEqualTo("jnc: Connection refused.\n");
        }
    }

    @Test
    void deniedAndExcessPeersAreNotServed() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "--deny", "127.0.0.2", "-m", "1", "127.0.0.1", "0", "--echo")
                .stdinNull().start();
             DatagramSocket first = socket();
             DatagramSocket second = socket();
             DatagramSocket denied = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            int port = jnc.awaitListeningPort();
            assertThat(text(exchange(first, port, "one".getBytes()))).isEqualTo("one");
            second.send(new DatagramPacket("two".getBytes(), 3, LO, port));
            jnc.awaitStderr("refused: connection limit \\(1\\) reached", T);
            denied.send(new DatagramPacket("three".getBytes(), 5, LO, port));
            jnc.awaitStderr("Connection from 127\\.0\\.0\\.2 \\d+ denied: not allowed\\.", T);
            // Neither got an answer; the admitted peer still does.
            second.setSoTimeout(300);
            assertThat(receives(second)).isFalse();
            assertThat(text(exchange(first, port, "again".getBytes()))).isEqualTo("again");
        }
    }

    static boolean receives(DatagramSocket s) throws Exception {
        try {
            s.receive(new DatagramPacket(new byte[100], 100));
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aBurstRightAfterTheFirstDatagramIsNotLost() throws Exception {
        // The datagrams that follow the first at once arrive while the listener turns to its peer;
        // none may be thrown away then (the JDK's DatagramChannel.connect would discard them).
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "127.0.0.1", "0").stdinNull().start(); DatagramSocket s = socket()) {
            int port = jnc.awaitListeningPort();
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                byte[] line = ("datagram " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(line, line.length, LO, port));
                want.append("datagram ").append(i).append('\n');
            }
            jnc.awaitStdout("datagram 49\n", T);
            assertThat(jnc.stdout()).isEqualTo(want.toString());
        }
    }
}
