package jnc.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@link Descriptors#headroom} in a JVM of its own under {@code ulimit -n 64}, since a test cannot lower
 * its own JVM's limit without starving the other tests.
 */
class DescriptorsTest {

    @Test
    void headroomIsSmallFarFromNothingAndNoneAtTheLimit() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("/bin/sh", "-c", "ulimit -n 64; exec \"$0\" -cp \"$1\" \"$2\"",
                java, System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        String[] seen = out.split(" ");
        // With a few files open, some of the 64 are free, but not an unlimited number.
        assertThat(Long.parseLong(seen[0])).isBetween(1L, 63L);
        // With all 64 in use, even the look at /proc/self/fd cannot open it: that means none free, not "unknown".
        // (It said Long.MAX_VALUE, and a child started there failed half-way; seen in CI under ulimit -n 160.)
        assertThat(Long.parseLong(seen[1])).isZero();
    }

    /** Prints the headroom with a few descriptors open, then again with every one of them in use. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            long before = Descriptors.headroom();
            List<FileInputStream> held = new ArrayList<>();
            try {
                while (true) held.add(new FileInputStream("/dev/null"));
            } catch (java.io.IOException full) {
                // the limit: every descriptor is in use
            }
            long atLimit = Descriptors.headroom();
            for (FileInputStream in : held) in.close();
            System.out.println(before + " " + atLimit);
        }
    }
}
