package jnc.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jnc.Diag;
import jnc.net.IoErrors;
import jnc.relay.Counters;

/**
 * The clients of a broker or chat: each joins with a number, and {@link #sendToAllBut} hands a
 * chunk to every other member, whole (writes to one member never interleave).
 */
final class Room {
    /** A client in the room; its lock keeps each chunk written to it in one piece. */
    record Member(int id, SocketChannel channel, Object lock) {
    }

    private final Map<Integer, Member> members = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Counters counters;

    Room(Counters counters) {
        this.counters = counters;
    }

    Member join(SocketChannel c) {
        Member m = new Member(nextId.getAndIncrement(), c, new Object());
        members.put(m.id(), m);
        return m;
    }

    void leave(Member m) {
        members.remove(m.id());
    }

    Iterable<Member> members() {
        return members.values();
    }

    /** Sends {@code data} to every member except {@code from} (null: to everyone). */
    void sendToAllBut(Member from, ByteBuffer data) {
        for (Member m : members.values()) {
            if (m == from) continue;
            send(m, data.duplicate());
        }
    }

    void send(Member m, ByteBuffer data) {
        int n = data.remaining();
        try {
            synchronized (m.lock()) {
                while (data.hasRemaining()) m.channel().write(data);
            }
            counters.addSent(n);
        } catch (IOException e) {
            // A member that cannot take data has gone; its own reader thread will see that and leave.
            Diag.debug("<user" + m.id() + ">: " + IoErrors.describe(e));
            try {
                m.channel().close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
    }
}
