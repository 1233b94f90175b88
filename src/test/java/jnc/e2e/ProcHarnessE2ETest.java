package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The harness itself: closing a process leaves nothing of it behind. */
class ProcHarnessE2ETest {
    /**
     * A shell pipeline ({@code sleep 30 | openssl s_server ...} in ExpiredCertificateE2ETest) once
     * left its commands running after the test: closing the shell orphaned them.
     */
    @Test
    void closingAShellEndsTheCommandsItStarted() {
        List<ProcessHandle> started;
        try (Proc sh = Proc.sh("sleep 29 | sleep 31").start()) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                started = sh.descendants();
                Proc.sleep(20);
            } while (started.size() < 2 && System.nanoTime() < end);
            assertThat(started).hasSizeGreaterThanOrEqualTo(2);
        }
        for (ProcessHandle p : started) {
            p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(p.isAlive()).as("pid " + p.pid()).isFalse();
        }
    }
}
