package jnc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jnc in-process: found as a ToolProvider, and the listener-to-process API with a real process and socket. */
@Timeout(60)
class ApiTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        ToolProvider jnc = ToolProvider.findFirst("jnc").orElseThrow();
        return jnc.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void toolProviderFindsJncAndRunsItInProcess() {
        assertThat(ToolProvider.findFirst("jnc")).get().extracting(ToolProvider::name).isEqualTo("jnc");
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("jnc ").contains("(Java ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aUsageErrorIsOneLineOnTheErrWriterAndExitCode2() {
        assertThat(run("--lsiten", "61111")).isEqualTo(2);
        assertThat(err.toString()).startsWith("jnc: ").contains("--lsiten", "--listen").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aScanRunsInProcessWithItsVerboseLineOnErr() throws IOException {
        try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("-z", "-v", "-n", "127.0.0.1", String.valueOf(open.getLocalPort()))).isZero();
            assertThat(err.toString()).contains("Connection to 127.0.0.1 " + open.getLocalPort() + " port [tcp/*] succeeded!");
        }
        // The JVM's streams are back where they were.
        assertThat(System.err).isNotNull();
    }

    @Test
    void aListenerRelaysAClientToAProcess() throws Exception {
        try (Listener listener = Jnc.listen("127.0.0.1", 0)) {
            assertThat(listener.port()).isPositive();
            CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.relayToProcess("tr", "a-z", "A-Z");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()), 10_000);
                client.getOutputStream().write("hello, it's jnc\n".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("HELLO, IT'S JNC\n");
            }
            assertThat(session.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aPortInUseIsAnIOExceptionWithJncsReason() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Jnc.listen("127.0.0.1", busy.getLocalPort()))
                    .isInstanceOf(IOException.class).hasMessageContaining("bind to 127.0.0.1:" + busy.getLocalPort());
        }
    }
}
