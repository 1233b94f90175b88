package jnc.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.io.Counters;
import jnc.io.NetEnd;
import jnc.io.Tap;

/** {@code --broker}: whatever one client sends, every other client receives, byte for byte. */
public final class Broker {
    private static final int BUFFER = 16 * 1024;
    private final Room room;
    private final Tap tap;
    private final Counters counters;

    /** Whether a client's bytes go to the others: not with --send-only (only stdin is sent) or --recv-only (nothing is). */
    private final boolean relay;

    public Broker(Options o, Tap tap, Counters counters) {
        this.room = new Room(counters);
        this.relay = !o.session().sendOnly() && !o.session().recvOnly();
        if (!o.session().recvOnly()) StdinToRoom.start(room, tap, o.session().crlf(), null);
        this.tap = tap;
        this.counters = counters;
    }

    /** Serves one client until it leaves; runs on the client's own virtual thread. */
    public ExitCode serve(NetEnd client) {
        Room.Member me = room.join(client, m -> List.of());
        byte[] bytes = new byte[BUFFER];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                counters.addReceived(n);
                if (n > 0 && relay) room.say(me, bytes, 0, n); // the room copies it: posts are never changed
                Thread.yield(); // a client that always has more to send must not keep the carrier thread to itself
                buf.clear();
            }
        } catch (IOException e) {
            Diag.debug("broker client: " + IoErrors.describe(e));
        } finally {
            room.leave(me, List.of());
        }
        return ExitCode.SUCCESS;
    }
}
