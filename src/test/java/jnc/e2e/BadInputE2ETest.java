package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gets one {@code jnc: ...} line, no stack trace, and Ncat's exit code. */
@Timeout(60)
class BadInputE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** Runs jnc, expects the exit code and a single stderr line matching the pattern. */
    static void expect(int code, String regex, String... args) {
        try (Proc p = Proc.jnc(args).stdinNull().start()) {
            int rc = p.waitFor(T);
            String err = p.stderr();
            assertThat(err).as("stderr of jnc %s", String.join(" ", args))
                    .doesNotContain("Exception").doesNotContain("\tat ")
                    .startsWith("jnc: ").containsPattern(regex);
            assertThat(err.strip().lines().count()).as("one line: %s", err).isEqualTo(1);
            assertThat(rc).as("exit code of jnc %s; stderr=%s", String.join(" ", args), err).isEqualTo(code);
            assertThat(p.stdout()).isEmpty();
        }
    }

    @ParameterizedTest(name = "jnc {0} -> exit 2")
    @CsvSource(delimiter = '|', value = {
            "--bogus                            | unrecognized option '--bogus'",
            "-Z                                 | invalid option -- 'Z'",
            "127.0.0.1 0                        | Invalid port number \"0\"",
            "127.0.0.1 65536                    | Invalid port number \"65536\"",
            "127.0.0.1 abc                      | Invalid port number \"abc\"",
            "-l 65536                           | Invalid port number \"65536\"",
            "''                                 | You must specify a host",
            "-p                                 | option requires an argument -- 'p'",
            "--wait                             | option '--wait' requires an argument",
            "-w 0 127.0.0.1 1                   | Invalid -w/--wait time",
            "-w soon 127.0.0.1 1                | Invalid -w/--wait time",
            "--send-only --recv-only 127.0.0.1 1| --send-only and --recv-only cannot be used together",
            "-k 127.0.0.1 1                     | --keep-open with connect",
            "-m 5 127.0.0.1 1                   | --max-conns with connect",
            "-l -s 127.0.0.1 1                  | -l and -s are incompatible",
            "-4 -6 127.0.0.1 1                  | -4 and -6 cannot be used together",
            "-l 1 2 3                           | more than one port",
            "-m 0 -l -k 1                       | Invalid -m/--max-conns value",
            "-n localhost 1                     | DNS resolution is disabled",
            "nonexistent.invalid 80             | Could not resolve hostname \"nonexistent.invalid\"",
            "-o /nonexistent-dir/log 127.0.0.1 1| can't open /nonexistent-dir/log: No such file or directory",
    })
    void usageErrorsExitTwo(String args, String message) {
        String[] argv = args.equals("''") ? new String[0] : args.trim().split("\\s+");
        expect(2, java.util.regex.Pattern.quote(message), argv);
    }

    @Test
    void connectionRefusedExitsOne() {
        expect(1, "Connection refused\\.", "127.0.0.1", String.valueOf(Peers.freePort()));
    }

    @Test
    void addressInUseExitsTwoAsNcatDoes() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            expect(2, "bind to 127\\.0\\.0\\.1:" + busy.getLocalPort() + ": Address already in use",
                    "-l", "127.0.0.1", String.valueOf(busy.getLocalPort()));
        }
    }

    @Test
    void connectTimeoutExitsOne() throws IOException {
        // A listener that never accepts, with its backlog filled: the kernel drops further SYNs,
        // so the next connect hangs on loopback until -w gives up.
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException e) {
                        s.close();
                        break; // the queue is full now
                    }
                }
                expect(1, "Connection timed out\\.", "-w", "500ms", "127.0.0.1", String.valueOf(full.getLocalPort()));
            } finally {
                for (Socket s : fillers) s.close();
            }
        }
    }

    @Test
    void permissionDeniedIsOneLine() {
        // A privileged port, as an unprivileged user (nobody), needs the repository to be readable by others.
        org.junit.jupiter.api.Assumptions.assumeTrue(readableByOthers(Proc.HOME.resolve("target/jnc.jar")),
                "the checkout is not readable by other users");
        String setpriv = Peers.require("setpriv");
        try (Proc p = Proc.cmd(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                Proc.LAUNCHER.toString(), "-l", "127.0.0.1", "80").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: bind to 127.0.0.1:80: Permission denied.\n");
        }
    }

    static boolean readableByOthers(java.nio.file.Path p) {
        for (java.nio.file.Path q = p.toAbsolutePath(); q != null; q = q.getParent()) {
            try {
                var perms = java.nio.file.Files.getPosixFilePermissions(q);
                if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                        && !perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) return false;
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Test
    void helpAndVersionGoToStdoutAndExitZero() {
        try (Proc p = Proc.jnc("--help").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).contains("Usage: jnc [options] [hostname] [port]").contains("--keep-open");
            assertThat(p.stderr()).isEmpty();
        }
        try (Proc p = Proc.jnc("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).startsWith("jnc ");
        }
    }
}
