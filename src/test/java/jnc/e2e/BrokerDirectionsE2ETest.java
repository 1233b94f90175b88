package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker's own stdin and the direction options, as Ncat's suite checks them, with ncat clients:
 * stdin goes to every client; --send-only sends stdin but relays no client to another; --recv-only
 * sends nothing at all; -m counts a client that has gone as gone.
 */
@Timeout(120)
class BrokerDirectionsE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    static Proc client(int port) {
        Peers.require("ncat");
        return Proc.cmd("ncat", "127.0.0.1", String.valueOf(port)).start();
    }

    /** Waits until the broker has let in {@code n} clients. */
    static void awaitClients(Proc broker, int n) {
        broker.awaitStderr("(?s)" + "received!.*".repeat(n - 1) + "received!", T);
    }

    @Test
    void theBrokersStdinGoesToEveryClientAndClientsReachEachOther() throws Exception {
        try (Proc broker = Proc.jnc("-v", "--broker", "127.0.0.1", "0").start()) {
            int port = broker.awaitListeningPort();
            try (Proc c1 = client(port); Proc c2 = client(port)) {
                awaitClients(broker, 2);
                c1.write("from c1\n");
                c2.awaitStdout("from c1\n", T); // both are in the room now
                broker.write("from the broker\n");
                c1.awaitStdout("from the broker\n", T);
                c2.awaitStdout("from c1\nfrom the broker\n", T);
                assertThat(c1.stdout()).isEqualTo("from the broker\n"); // never its own bytes back
            }
        }
    }

    @Test
    void sendOnlySendsStdinButRelaysNoClient() throws Exception {
        try (Proc broker = Proc.jnc("-v", "--broker", "--send-only", "127.0.0.1", "0").start()) {
            int port = broker.awaitListeningPort();
            try (Proc c1 = client(port); Proc c2 = client(port)) {
                awaitClients(broker, 2);
                c1.write("not relayed\n");
                Proc.sleep(500);
                broker.write("abc\n"); // after c1's line: had it been relayed, c2 would see it first
                c2.awaitStdout("abc\n", T);
                c1.awaitStdout("abc\n", T);
                assertThat(c2.stdout()).isEqualTo("abc\n");
            }
        }
    }

    @Test
    void recvOnlySendsNothingAtAll() throws Exception {
        try (Proc broker = Proc.jnc("-v", "--broker", "--recv-only", "127.0.0.1", "0").start()) {
            int port = broker.awaitListeningPort();
            try (Proc c1 = client(port); Proc c2 = client(port)) {
                awaitClients(broker, 2);
                broker.write("abc\n");
                c1.write("abc\n");
                Proc.sleep(1500); // what would arrive is on its way by now (loopback)
                assertThat(c1.stdout()).isEmpty();
                assertThat(c2.stdout()).isEmpty();
            }
        }
    }

    @Test
    void maxConnsCountsAClientThatHasGoneAsGone() throws Exception {
        try (Proc broker = Proc.jnc("-v", "--broker", "-m", "1", "127.0.0.1", "0").start()) {
            int port = broker.awaitListeningPort();
            try (Proc c1 = client(port)) {
                awaitClients(broker, 1);
                c1.terminate();
                c1.waitFor(T);
            }
            try (Proc c2 = client(port)) {
                awaitClients(broker, 2);
                broker.write("abc\n");
                c2.awaitStdout("abc\n", T);
            }
        }
    }

    @Test
    void chatSaysTheOperatorsLinesAsUserZero() throws Exception {
        try (Proc chat = Proc.jnc("-v", "--chat", "127.0.0.1", "0").start()) {
            int port = chat.awaitListeningPort();
            try (Proc c1 = client(port)) {
                awaitClients(chat, 1);
                c1.awaitStdout("already connected", T);
                chat.write("welcome\n");
                c1.awaitStdout("<user0> welcome\n", T);
            }
        }
    }
}
