package jnc.ws;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jnc.ExitCode;
import jnc.Failure;
import jnc.cli.Options;
import jnc.net.IoErrors;
import jnc.net.TcpListener;
import jnc.relay.Counters;
import jnc.serve.Gate;
import jnc.serve.Slots;

/**
 * {@code -l -k --ws --echo} without taps or {@code -i}: {@link WsEchoLoop}s, one per core, serve
 * every client from a selector, as the plain-TCP echo's loop does, instead of a virtual thread
 * per client over {@link WsEnd}. The same RFC 6455 rules; messages are echoed as they come, in
 * fragments where they arrive in pieces.
 */
public final class WsEcho {
    private WsEcho() {
    }

    /** Whether the loop can serve these options: no tap to show the bytes, no idle timeout to keep. */
    public static boolean fits(Options o) {
        return o.output() == null && o.hexDump() == null && o.idleTimeout() == null && !o.ws().web()
                && Integer.getInteger("jnc.echo.loops", 1) != 0;
    }

    public static ExitCode serveAll(TcpListener listener, Gate gate, Options o, Counters counters) {
        int loops = Math.max(1, Math.min(16, Integer.getInteger("jnc.echo.loops", Runtime.getRuntime().availableProcessors())));
        Slots slots = new Slots(o.maxConns());
        List<Thread> threads = new ArrayList<>();
        try {
            listener.channel().configureBlocking(false);
            for (int i = 0; i < loops; i++) {
                WsEchoLoop loop = new WsEchoLoop(listener, gate, slots, o.ws(), counters);
                threads.add(Thread.ofPlatform().name("jnc-ws-echo-" + i).start(loop));
            }
        } catch (IOException e) {
            throw Failure.network("echo: " + IoErrors.describe(e));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ExitCode.SUCCESS;
    }
}
