package jnc.ws;


import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.net.StreamListener;
import jnc.io.Counters;
import jnc.door.Door;

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
        return o.logs().output() == null && o.logs().hexDump() == null && o.session().idleTimeout() == null && !o.ws().web()
                && Integer.getInteger("jnc.echo.loops", 1) != 0;
    }

    public static ExitCode serveAll(StreamListener listener, Door door, Options o, Counters counters) {
        int loops = Math.max(1, Math.min(16, Integer.getInteger("jnc.echo.loops", Runtime.getRuntime().availableProcessors())));
        return jnc.door.LoopAcceptor.runLoops(listener, loops, "ws-echo", () -> new WsEchoLoop(listener, door, o.ws(), counters));
    }
}
