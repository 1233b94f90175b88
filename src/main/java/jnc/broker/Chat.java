package jnc.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.io.Counters;
import jnc.io.NetEnd;
import jnc.io.Tap;

/**
 * {@code --chat}, as Ncat's: every client is {@code <userN>}; joins and leaves are announced to all;
 * each line a client sends goes to everyone else as {@code <userN> line}. Control bytes are shown
 * escaped ({@code \x1b}), so no client can move another's cursor, clear its screen or retitle its
 * terminal.
 *
 * <p>Unlike Ncat, which puts {@code <userN>} once before each chunk it happened to read, every line
 * gets its name, even when a client sends many at once. In a room of more than
 * {@link #LIST_TO_ALL_MAX} members, the "already connected" line goes to the newcomer only and names
 * {@link #LIST_TO_ALL_MAX} of them: sent to everyone and naming everyone, as Ncat does, ten thousand
 * joins would send terabytes.
 */
public final class Chat {
    /** A line longer than this is passed on in pieces rather than held back. */
    static final int MAX_LINE = 4096;
    /** Rooms up to this size hear every newcomer's "already connected" line (Ncat's default -m). */
    static final int LIST_TO_ALL_MAX = 100;
    private static final int MIN_READ = 2 * 1024;
    private static final int MAX_READ = 32 * 1024;
    private final Room room;
    private final Tap tap;
    private final Counters counters;

    /** Whether a client's lines go to the others: not with --send-only (only stdin is sent) or --recv-only (nothing is). */
    private final boolean relay;

    public Chat(Options o, Tap tap, Counters counters) {
        this.room = new Room(counters);
        this.tap = tap;
        this.counters = counters;
        this.relay = !o.session().sendOnly() && !o.session().recvOnly();
        if (!o.session().recvOnly()) {
            // What the chat's own operator types is said as <user0>, as in Ncat (stdin is its descriptor 0).
            ChatLines stdinLines = new ChatLines(0);
            StdinToRoom.start(room, tap, o.session().crlf(), bytes -> {
                stdinLines.take(bytes, 0, bytes.length);
                return stdinLines.hasOutput() ? stdinLines.drain() : null;
            });
        }
    }

    public ExitCode serve(NetEnd client) {
        Room.Member me = room.join(client, this::joinAnnouncements);
        ChatLines lines = new ChatLines(me.id);
        // The read buffer grows for clients that send a lot and stays small for the many that chat.
        byte[] bytes = new byte[MIN_READ];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                counters.addReceived(n);
                lines.take(bytes, 0, n);
                if (lines.hasOutput()) {
                    if (relay) room.say(me, lines.output(), 0, lines.outputLength()); // copied by the room
                    lines.clear();
                }
                // A client that always has more to say would keep this carrier thread to itself:
                // let the writers (and the other readers) have their turn.
                Thread.yield();
                if (n == bytes.length && bytes.length < MAX_READ) {
                    bytes = new byte[bytes.length * 2];
                    buf = ByteBuffer.wrap(bytes);
                } else {
                    buf.clear();
                }
            }
            lines.finish();
            if (lines.hasOutput() && relay) room.say(me, lines.drain());
        } catch (IOException e) {
            Diag.debug("<user" + me.id + ">: " + IoErrors.describe(e));
        } finally {
            room.leave(me, List.of(announcement("<announce> <user" + me.id + "> is disconnected.\n", Room.EVERYONE)));
        }        return ExitCode.SUCCESS;
    }

    /** Runs inside {@link Room#join}: the room does not change meanwhile. */
    private List<Room.Post> joinAnnouncements(Room.Member me) {
        List<Room.Post> posts = new ArrayList<>(2);
        posts.add(announcement("<announce> " + me.address + " is connected as <user" + me.id + ">.\n", Room.EVERYONE));
        StringBuilder sb = new StringBuilder("<announce> already connected: ");
        int others = room.size() - 1;
        int named = 0;
        for (Room.Member m : room.members()) {
            if (m == me) continue;
            if (named == LIST_TO_ALL_MAX) break;
            if (named++ > 0) sb.append(", ");
            sb.append(m.address).append(" as <user").append(m.id).append('>');
        }
        if (named == 0) sb.append("nobody");
        if (others > named) sb.append(" and ").append(others - named).append(" more");
        sb.append(".\n");
        posts.add(announcement(sb.toString(), others < LIST_TO_ALL_MAX ? Room.EVERYONE : me.id));
        return posts;
    }

    private static Room.Post announcement(String text, int to) {
        return new Room.Post(text.getBytes(StandardCharsets.UTF_8), -1, to);
    }
}
