package jnc.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loops on several threads share a scan's ports: each index is handed out exactly once. */
@Timeout(60)
class PortClaimsTest {
    @Test
    void bothEndsMeetWithoutOverlap() {
        PortClaims c = new PortClaims(5);
        assertThat(c.fromBottom()).isZero();
        assertThat(c.fromTop()).isEqualTo(4);
        assertThat(c.fromTop()).isEqualTo(3);
        assertThat(c.fromBottom()).isEqualTo(1);
        assertThat(c.fromBottom()).isEqualTo(2);
        assertThat(c.fromTop()).isEqualTo(-1);
        assertThat(c.fromBottom()).isEqualTo(-1);
    }

    @Test
    void manyThreadsClaimEachIndexOnce() throws InterruptedException {
        int n = 200_000;
        PortClaims c = new PortClaims(n);
        AtomicIntegerArray claimed = new AtomicIntegerArray(n);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean top = t % 2 == 0;
            threads.add(Thread.ofPlatform().start(() -> {
                int i;
                while ((i = top ? c.fromTop() : c.fromBottom()) >= 0) claimed.incrementAndGet(i);
            }));
        }
        for (Thread t : threads) t.join();
        for (int i = 0; i < n; i++) assertThat(claimed.get(i)).as("index " + i).isEqualTo(1);
    }
}
