package jnc.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Every example test again, with a JDK 17 as the student's {@code java}: the course's programs
 * must not need a newer Java than the one a school machine has. A missing JDK 17 fails in CI
 * (openjdk-17-jdk-headless is in .ci/run's packages) and skips elsewhere.
 */
class ExamplesOnJava17Test extends ExamplesTest {
    private static final String JAVA17 = findJdk17();

    @Override
    String javaBinary() {
        if (JAVA17 == null) {
            if (System.getenv("CI") != null) throw new AssertionError("no JDK 17 under /usr/lib/jvm (apt-get install openjdk-17-jdk-headless)");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no JDK 17 under /usr/lib/jvm");
        }
        return JAVA17;
    }

    /** A JDK (with javac: the source launcher compiles) whose release file says 17. */
    private static String findJdk17() {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path jdk : jdks.sorted().toList()) {
                Path release = jdk.resolve("release");
                if (!Files.isReadable(release) || !Files.isExecutable(jdk.resolve("bin/javac"))) continue;
                if (Files.readString(release).contains("JAVA_VERSION=\"17")) return jdk.resolve("bin/java").toString();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
