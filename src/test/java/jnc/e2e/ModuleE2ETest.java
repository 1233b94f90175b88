package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/jnc.jar is the named module {@code jnc}: it exports only jnc.api, offers its ToolProvider,
 * and runs from a module path (JLine and zstd-jni shaded inside it), while the launcher and the
 * Debian package keep running it from the class path.
 */
@Timeout(120)
class ModuleE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final Path JAR = Proc.HOME.resolve("target/jnc.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    private static String run(int exit, String... cmd) {
        try (Proc p = Proc.cmd(cmd).stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isEqualTo(exit);
            assertThat(p.stderr()).doesNotContain("WARNING", "Exception");
            return p.stdout() + p.stderr();
        }
    }

    /** {@code java --enable-native-access=jnc -p jnc.jar -m jnc ARGS}. */
    private static List<String> module(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "--enable-native-access=jnc", "-p", JAR.toString(), "-m", "jnc"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void theJarIsTheNamedModuleJncExportingOnlyItsApi() {
        String jarTool = Path.of(System.getProperty("java.home"), "bin", "jar").toString();
        String d = run(0, jarTool, "--describe-module", "--file", JAR.toString());
        assertThat(d).startsWith("jnc@").doesNotContain("automatic");
        assertThat(d.lines().filter(l -> l.startsWith("exports ")).toList()).containsExactly("exports jnc.api");
        assertThat(d).contains("provides java.util.spi.ToolProvider with jnc.JncTool", "requires jdk.sctp\n");
        // What the module needs at run time (not static) is what the Debian package's runtime image holds.
        Matcher m = Pattern.compile("(?m)^requires (\\S+)$").matcher(d);
        List<String> needed = new ArrayList<>();
        while (m.find()) needed.add(m.group(1));
        String image = readBuildDeb().replaceAll("(?s).*\nmodules=(\\S+)\n.*", "$1");
        assertThat(List.of(image.split(","))).containsAll(needed);
    }

    private static String readBuildDeb() {
        try {
            return Files.readString(Proc.HOME.resolve("scripts/build-deb.sh"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void itRunsFromAModulePath() throws Exception {
        assertThat(run(0, module("--version").toArray(String[]::new))).startsWith("jnc 0.1.0 (Java ");
        try (ServerSocket sink = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Proc p = Proc.cmd(module("-v", "127.0.0.1", String.valueOf(sink.getLocalPort())).toArray(String[]::new))
                     .stdinFrom(Files.writeString(tmp.resolve("in"), "over the module path\n")).start()) {
            try (Socket s = sink.accept()) {
                assertThat(new String(s.getInputStream().readAllBytes())).isEqualTo("over the module path\n");
            }
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stderr()).startsWith("Connection to 127.0.0.1 " + sink.getLocalPort() + " port [tcp/*] succeeded!\n")
                    .doesNotContain("WARNING");
        }
    }

    /** zstd-jni's native library is a resource of module jnc: it loads from there. */
    @Test
    void theShadedZstdWorksInTheModule() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.write(src.resolve("f.bin"), new byte[200_000]);
        try (Proc rx = Proc.cmd(module("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).toArray(String[]::new))
                .stdinNull().start()) {
            int port = rx.awaitListeningPort();
            assertThat(run(0, module("--send", src.resolve("f.bin").toString(), "--compress", "zstd", "-v", "127.0.0.1",
                    String.valueOf(port)).toArray(String[]::new))).contains("verified by the receiver");
            assertThat(rx.waitFor(T)).as(rx.stderr()).isZero();
        }
        assertThat(Files.mismatch(src.resolve("f.bin"), dst.resolve("f.bin"))).isEqualTo(-1);
    }

    /**
     * A program on the module path finds jnc's ToolProvider and uses jnc.api; an internal package is
     * not visible to it.
     */
    @Test
    void aProgramOnTheModulePathUsesTheApiAndCannotSeeTheRest() throws Exception {
        Path prog = Files.writeString(tmp.resolve("UseJnc.java"), """
                import java.io.PrintWriter;
                import java.io.StringWriter;
                import java.util.spi.ToolProvider;
                import jnc.api.Jnc;
                import jnc.api.Listener;

                public class UseJnc {
                    public static void main(String[] args) throws Exception {
                        ToolProvider jnc = ToolProvider.findFirst("jnc").orElseThrow();
                        StringWriter out = new StringWriter();
                        int code = jnc.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");
                        System.out.println(code + " " + out.toString().strip() + " / " + jnc.getClass().getModule());
                        try (Listener l = Jnc.listen("127.0.0.1", 0)) {
                            System.out.println("listening: " + (l.port() > 0) + " / " + Listener.class.getModule());
                        }
                    }
                }
                """);
        String out = run(0, JAVA, "--enable-native-access=jnc", "-p", JAR.toString(), "--add-modules", "jnc", prog.toString());
        assertThat(out).contains("0 jnc 0.1.0 (Java", "/ module jnc\n", "listening: true / module jnc\n");

        Path internal = Files.writeString(tmp.resolve("Internal.java"),
                "public class Internal { public static void main(String[] a) { jnc.base.Diag.error(\"x\"); } }\n");
        try (Proc p = Proc.cmd(JAVA, "-p", JAR.toString(), "--add-modules", "jnc", internal.toString()).stdinNull().start()) {
            assertThat(p.waitFor(T)).isNotZero();
            assertThat(p.stderr()).contains("package jnc.base is not visible");
        }
    }
}
