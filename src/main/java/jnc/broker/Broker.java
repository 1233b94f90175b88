package jnc.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import jnc.Diag;
import jnc.net.IoErrors;
import jnc.relay.Counters;
import jnc.relay.NetEnd;
import jnc.relay.Tap;

/** {@code --broker}: whatever one client sends, every other client receives, byte for byte. */
public final class Broker {
    private static final int BUFFER = 16 * 1024;
    private final Room room;
    private final Tap tap;
    private final Counters counters;

    public Broker(Tap tap, Counters counters) {
        this.room = new Room(counters);
        this.tap = tap;
        this.counters = counters;
    }

    /** Serves one client until it leaves; runs on the client's own virtual thread. */
    public void serve(NetEnd client) {
        Room.Member me = room.join(client, m -> List.of());
        byte[] bytes = new byte[BUFFER];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                counters.addReceived(n);
                if (n > 0) room.say(me, Arrays.copyOf(bytes, n)); // the room keeps the copy: posts are never changed
                Thread.yield(); // a client that always has more to send must not keep the carrier thread to itself
                buf.clear();
            }
        } catch (IOException e) {
            Diag.debug("broker client: " + IoErrors.describe(e));
        } finally {
            room.leave(me, List.of());
        }
    }
}
