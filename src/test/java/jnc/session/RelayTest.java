package jnc.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jnc.base.ExitCode;
import jnc.cli.ArgParser;
import jnc.cli.Options;
import jnc.io.Counters;
import jnc.io.Tap;

/** The session's rules in-process, with in-memory ends: the half-close matrix and each option that shapes a session. */
@Timeout(30)
class RelayTest {
    static Options options(String... args) throws Exception {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    record Session(MemoryEnds.Local local, MemoryEnds.Net net, Counters counters, CompletableFuture<ExitCode> result) {
        ExitCode await() throws Exception {
            return result.get(20, TimeUnit.SECONDS);
        }
    }

    static Session start(boolean stdin, String... args) throws Exception {
        Options o = options(args);
        MemoryEnds.Local local = new MemoryEnds.Local(stdin);
        MemoryEnds.Net net = new MemoryEnds.Net();
        Counters counters = new Counters();
        CompletableFuture<ExitCode> result = CompletableFuture.supplyAsync(() -> new Relay(o.session(), local, net, Tap.NONE, counters).run());
        return new Session(local, net, counters, result);
    }

    static void eventually(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within 10 s");
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void localEofShutsDownTheSendingSideAndTheSessionGoesOnUntilThePeersEof() throws Exception {
        Session s = start(false, "127.0.0.1", "9");
        s.local.typed.put(b("Hello Raspi\n"));
        s.local.typed.end();
        eventually(() -> s.net.toPeer.ended);
        assertThat(s.net.toPeer.text()).isEqualTo("Hello Raspi\n");
        assertThat(s.result).isNotDone(); // still receiving
        s.net.fromPeer.put(b("Hello PC :)\n"));
        s.net.fromPeer.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.local.shown.text()).isEqualTo("Hello PC :)\n");
        assertThat(s.local.shown.ended).isTrue();
        assertThat(s.counters.summary()).contains("12 bytes sent, 12 bytes received");
    }

    @Test
    void thePeersEofClosesTheSinkAndTheSessionEndsWhenTheLocalSideIsDone() throws Exception {
        Session s = start(false, "127.0.0.1", "9");
        s.net.fromPeer.put(b("data"));
        s.net.fromPeer.end();
        eventually(() -> s.local.shown.ended);
        assertThat(s.result).isNotDone(); // a command's answer may still be on its way
        s.local.typed.put(b("answer"));
        s.local.typed.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.net.toPeer.text()).isEqualTo("answer");
    }

    @Test
    void noShutdownKeepsTheSendingSideOpenAtLocalEof() throws Exception {
        Session s = start(false, "--no-shutdown", "127.0.0.1", "9");
        s.local.typed.end();
        s.net.fromPeer.put(b("x"));
        eventually(() -> s.local.shown.text().equals("x"));
        assertThat(s.net.toPeer.ended).isFalse();
        s.net.fromPeer.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
    }

    @Test
    void sendOnlyEndsAtLocalEofAndShowsNothing() throws Exception {
        Session s = start(false, "--send-only", "127.0.0.1", "9");
        s.net.fromPeer.put(b("ignored"));
        s.local.typed.put(b("sent"));
        s.local.typed.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.net.toPeer.text()).isEqualTo("sent");
        assertThat(s.local.shown.text()).isEmpty();
    }

    @Test
    void recvOnlyNeverSends() throws Exception {
        Session s = start(false, "--recv-only", "127.0.0.1", "9");
        s.local.typed.put(b("never"));
        s.net.fromPeer.put(b("shown"));
        s.net.fromPeer.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.net.toPeer.text()).isEmpty();
        assertThat(s.local.shown.text()).isEqualTo("shown");
    }

    @Test
    void quitAfterEofEndsTheSessionThoughThePeerStaysSilent() throws Exception {
        Session s = start(false, "-q", "0", "127.0.0.1", "9");
        s.local.typed.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
    }

    @Test
    void idleTimeoutEndsASilentSessionAsAFailure() throws Exception {
        Session s = start(false, "-i", "200ms", "127.0.0.1", "9");
        assertThat(s.await()).isEqualTo(ExitCode.NETWORK);
        assertThat(s.net.open).isFalse();
        assertThat(Relay.idleMessage(java.time.Duration.ofMillis(200))).isEqualTo("Idle timeout expired (200 ms).");
    }

    @Test
    void crlfTurnsLineFeedsIntoCrLfOnTheWayOut() throws Exception {
        Session s = start(false, "-C", "127.0.0.1", "9");
        s.local.typed.put(b("a\nb\r\nc\n"));
        s.local.typed.end();
        s.net.fromPeer.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.net.toPeer.text()).isEqualTo("a\r\nb\r\nc\r\n");
    }

    @Test
    void telnetRefusesEveryOptionAndStillShowsTheBytes() throws Exception {
        Session s = start(false, "-t", "127.0.0.1", "9");
        byte[] doTermType = {(byte) 255, (byte) 253, 24};
        s.net.fromPeer.put(doTermType);
        eventually(() -> s.net.toPeer.text().length() == 3);
        assertThat(s.net.toPeer.bytes.toByteArray()).containsExactly((byte) 255, (byte) 252, 24);
        s.net.fromPeer.end();
        s.local.typed.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.local.shown.bytes.toByteArray()).containsExactly(doTermType);
    }

    @Test
    void afterThePeersCloseASilentStdinEndsTheSession() throws Exception {
        Session s = start(true, "127.0.0.1", "9");
        s.net.fromPeer.put(b("bye"));
        s.net.fromPeer.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS); // about a second later, without stdin's EOF
        assertThat(s.local.shown.text()).isEqualTo("bye");
    }

    /**
     * A peer that closes as soon as it sees our FIN (ncat -k, nc -N) can make its EOF arrive while the
     * sender is still between the shutdown and marking stdin done. That EOF must not start the quiet
     * watch (a thread, and once its class from the jar): the sender ends the session itself. Once
     * half the runs of {@code echo hi | jnc HOST PORT} against such a peer took that detour.
     */
    @Test
    void thePeersCloseAnsweringOurShutdownStartsNoQuietWatch() throws Exception {
        java.util.concurrent.CountDownLatch sinkClosed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger quietAsked = new java.util.concurrent.atomic.AtomicInteger();
        MemoryEnds.Local local = new MemoryEnds.Local(true) {
            @Override
            public boolean endsWhenQuiet() {
                quietAsked.incrementAndGet(); // asked only on the way to starting the quiet watch
                return true;
            }

            @Override
            public void closeSink() {
                super.closeSink();
                sinkClosed.countDown();
            }
        };
        MemoryEnds.Net net = new MemoryEnds.Net() {
            @Override
            public void shutdownOutput() {
                super.shutdownOutput();
                fromPeer.end(); // the peer answers our FIN with its close...
                try { // ...and its EOF is handled before the sender goes on (the order the race once took)
                    assertThat(sinkClosed.await(10, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Options o = options("127.0.0.1", "9");
        CompletableFuture<ExitCode> result = CompletableFuture.supplyAsync(() -> new Relay(o.session(), local, net, Tap.NONE, new Counters()).run());
        local.typed.put(b("hi\n"));
        local.typed.end();
        assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCode.SUCCESS);
        assertThat(net.toPeer.text()).isEqualTo("hi\n");
        assertThat(quietAsked.get()).isZero();
    }

    @Test
    void waitStdinKeepsTheSessionUntilStdinsEof() throws Exception {
        Session s = start(true, "--wait-stdin", "127.0.0.1", "9");
        s.net.fromPeer.end();
        Thread.sleep(1500);
        assertThat(s.result).isNotDone();
        s.local.typed.put(b("late"));
        s.local.typed.end();
        assertThat(s.await()).isEqualTo(ExitCode.SUCCESS);
        assertThat(s.net.toPeer.text()).isEqualTo("late");
    }

    @Test
    void aFailedWriteToThePeerEndsTheSessionAsAFailure() throws Exception {
        Session s = start(false, "127.0.0.1", "9");
        s.net.open = false; // the peer reset
        s.local.typed.put(b("lost"));
        assertThat(s.await()).isEqualTo(ExitCode.NETWORK);
    }
}
