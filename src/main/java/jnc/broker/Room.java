package jnc.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import jnc.base.Diag;
import jnc.net.Addresses;
import jnc.base.IoErrors;
import jnc.io.Counters;
import jnc.io.NetEnd;

/**
 * The clients of a broker or chat, and what they say to each other.
 *
 * <p>Everything said goes once into one shared log, a linked list of {@link Post}s in the order they
 * were said. Saying something costs the same whether the room has two members or ten thousand: it
 * is appended, not copied to each receiver, and a chat line is escaped once, not once per receiver.
 * Each member has a writer of its own (a virtual thread) that follows the log from its own place in
 * it and sends everything since in one gathering write, skipping its member's own posts. A writer
 * that is behind catches up in big writes; one that is idle sleeps until something is posted.
 *
 * <p>Flow control. A fast room is lossless: a member posting while some member is more than
 * {@link #HIGH_WATER} bytes behind waits, so readers are throttled to what the writers manage, and
 * TCP tells the senders to slow down (Ncat does the same by blocking in its writes). But a member
 * that takes nothing must not stall everyone, as it does in Ncat: a member whose socket has taken
 * nothing for {@link #STUCK_NANOS} while data waits for it no longer holds the others back (as
 * long as others are moving), and once it is {@link #maxBehind} bytes behind it is disconnected
 * (memory stays bounded: the log is garbage once every writer has passed it). A client whose
 * socket keeps taking something at least every {@link #STUCK_NANOS} is waited for, however slow:
 * nothing it is sent is lost.
 */
final class Room {
    /** Whom a post is for: everyone (except its sender) or one member. */
    static final int EVERYONE = 0;
    /** Waiting starts when a member is this far behind. */
    static final long HIGH_WATER = 2L << 20;
    /** A member further behind than this is disconnected; {@code -Djnc.room.maxBehind=BYTES} changes it (tests). */
    static final long DEFAULT_MAX_BEHIND = 64L << 20;
    /** A member whose socket has taken nothing for this long, with data waiting for it, is stuck. */
    static final long STUCK_NANOS = 5_000_000_000L;
    /** How long a waiting sender waits, at most, before it looks again itself. */
    private static final long WAIT_NANOS = 10_000_000;
    /** Rooms up to this size wake their writers at once; bigger ones gather posts for {@link #WAKE_DELAY_NANOS}. */
    private static final int WAKE_AT_ONCE_MAX = 64;
    private static final long WAKE_DELAY_NANOS = 2_000_000;
    private static final int MAX_IOV = 64;
    private static final int MAX_GATHER = 256 * 1024;

    /** Something said: {@code data} for everyone but {@code from} (or only for {@code to}). Never changed once posted. */
    static final class Post {
        final byte[] data;
        final int from;
        final int to;
        /** Bytes posted to everyone up to and including this one: how far along the log this is. */
        long end;
        volatile Post next;

        Post(byte[] data, int from, int to) {
            this.data = data;
            this.from = from;
            this.to = to;
        }
    }

    /** A client in the room. */
    final class Member {
        final int id;
        final NetEnd channel;
        final String address;
        /** The last post this member's writer has dealt with. */
        private volatile Post done;
        /** When the socket last took some of the write in progress; 0 when not writing. */
        private volatile long progressAt;
        /** Whether the socket refused part of the write in progress (its buffer is full). */
        private volatile boolean full;

        private volatile boolean gone;
        private Thread writer;
        /** The thread of this member's reader while it waits in {@link #say}, and whether it is queued. */
        private volatile Thread sayer;
        private final AtomicBoolean queued = new AtomicBoolean();

        private Member(int id, NetEnd channel, Post start) {
            this.id = id;
            this.channel = channel;
            this.address = addressOf(channel);
            this.done = start;
        }

        /** Whether the socket has taken nothing for {@link #STUCK_NANOS} although there is data for it. */
        boolean stuck(long now) {
            long at = progressAt;
            return full && at != 0 && now - at > STUCK_NANOS;
        }


        /** Follows the log and writes this member's share of it, until the member is gone. */
        private void writeLoop() {
            ByteBuffer[] iov = new ByteBuffer[MAX_IOV];
            Post at = done;
            try {
                while (!gone) {
                    if (at.next == null) {
                        idle.add(this);
                        if (at.next == null && !gone) LockSupport.park(this);
                        continue;
                    }
                    int n = 0;
                    long bytes = 0;
                    Post p = at.next;
                    while (p != null && n < MAX_IOV && bytes < MAX_GATHER) {
                        if (p.from != id && (p.to == EVERYONE || p.to == id)) {
                            iov[n++] = ByteBuffer.wrap(p.data);
                            bytes += p.data.length;
                        }
                        at = p;
                        p = p.next;
                    }
                    if (n > 0) {
                        progressAt = System.nanoTime();
                        long left = bytes;
                        while (left > 0) {
                            left -= channel.write(iov, 0, n); // returns as soon as the socket took some
                            progressAt = System.nanoTime();
                            full = left > 0;
                        }
                        progressAt = 0;
                        counters.addSent(bytes);
                        Arrays.fill(iov, 0, n, null);
                    }
                    long before = done.end;
                    done = at;
                    // This writer may have been the one holding the senders back.
                    if (before <= lowWater && !waitingSenders.isEmpty()) look();
                }
            } catch (IOException e) {
                if (!gone) Diag.debug("<user" + id + ">: " + IoErrors.describe(e));
                disconnect();
            }
        }

        /** Closes the connection: the member's reader sees it and leaves the room. */
        void disconnect() {
            gone = true;
            LockSupport.unpark(writer);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a dead connection
            }
        }
    }

    private final Map<Integer, Member> members = new ConcurrentHashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Member> idle = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean looking = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Member> waitingSenders = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeDue = new AtomicBoolean();
    private final Thread waker = Thread.ofPlatform().daemon().name("jnc-room-waker").start(this::wakerLoop);
    private final Counters counters;
    private final long maxBehind;
    private int nextId = 1;
    private volatile Post tail = new Post(new byte[0], -1, EVERYONE);
    /** The oldest post whose link to the next is still there (see {@link #unlinkPassed}); only {@link #look} uses it. */
    private Post head = tail;
    /** How far along the log the slowest member that still counts is, as last computed. */
    private volatile long lowWater;
    /** Where the log ended at the last look. */
    private volatile long lookedAt;

    Room(Counters counters) {
        this.counters = counters;
        this.maxBehind = Long.getLong("jnc.room.maxBehind", DEFAULT_MAX_BEHIND);
    }

    /**
     * The broker's own stdin as a speaker: it says things to everyone through {@link #say}, with the
     * same flow control as a member, but it is no member (id 0, nobody writes to it).
     */
    Member stdinSpeaker() {
        appendLock.lock();
        try {
            return new Member(0, null, tail);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Adds a client. {@code firstPosts} runs while nobody else can join or post (so the room
     * it sees is the room as it is), and its posts are the first things the newcomer receives.
     */
    Member join(NetEnd c, Function<Member, List<Post>> firstPosts) {
        Member m;
        appendLock.lock();
        try {
            m = new Member(nextId++, c, tail);
            members.put(m.id, m);
            for (Post p : firstPosts.apply(m)) appendLocked(p);
        } finally {
            appendLock.unlock();
        }
        wakeWriters();
        m.writer = Thread.ofVirtual().name("jnc-writer-" + m.id).unstarted(m::writeLoop);
        m.writer.start();
        Diag.debug("room: " + m.address + " joined as member " + m.id);
        return m;
    }

    /** Removes a member; its writer stops. {@code lastPosts} (for the others) are posted after it left. */
    void leave(Member m, List<Post> lastPosts) {
        members.remove(m.id);
        m.gone = true;
        LockSupport.unpark(m.writer);
        for (Post p : lastPosts) post(p);
    }

    Collection<Member> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    /**
     * Posts what member {@code from} said, once no member that keeps up is more than
     * {@link #HIGH_WATER} behind. The check and the append are one step under the lock, so however
     * many senders wait, the log never runs further ahead than that (plus one post). Waiting costs
     * nothing: the writer that moves the slowest place on wakes the senders.
     */
    void say(Member from, byte[] data) {
        Post p = new Post(data, from.id, EVERYONE);
        while (true) {
            appendLock.lock();
            try {
                long end = tail.end;
                if (end - lowWater <= HIGH_WATER && end - lookedAt < HIGH_WATER) {
                    appendLocked(p);
                    break;
                }
            } finally {
                appendLock.unlock();
            }
            // Congested, or a look is due. Wait to be woken by a writer that moved the slowest
            // place on (or time out, to look again: a member may have become stuck meanwhile).
            from.sayer = Thread.currentThread();
            if (from.queued.compareAndSet(false, true)) waitingSenders.add(from); // once, however long it waits
            if (look()) continue;
            LockSupport.parkNanos(WAIT_NANOS);
        }
        wakeWriters();
    }

    /** Posts without waiting (announcements). */
    void post(Post p) {
        appendLock.lock();
        try {
            appendLocked(p);
        } finally {
            appendLock.unlock();
        }
        wakeWriters();
    }

    private void appendLocked(Post p) {
        Post t = tail;
        p.end = t.end + (p.to == EVERYONE ? p.data.length : 0);
        t.next = p; // the volatile write publishes p (and its end) to the writers
        tail = p;
    }

    /**
     * Wakes the writers waiting for posts. In a small room at once. In a big room the waker thread
     * does it a moment later: a burst of posts (a thousand clients joining, each announced to
     * everyone) then reaches each writer as one write, not as a round of small writes per post.
     */
    private void wakeWriters() {
        if (members.size() <= WAKE_AT_ONCE_MAX) {
            wakeIdle();
        } else if (!wakeDue.getAndSet(true)) {
            LockSupport.unpark(waker);
        }
    }

    private void wakeIdle() {
        Member m;
        while ((m = idle.poll()) != null) LockSupport.unpark(m.writer);
    }

    private void wakerLoop() {
        while (true) {
            while (!wakeDue.get()) LockSupport.park(this);
            LockSupport.parkNanos(WAKE_DELAY_NANOS); // let the burst gather
            wakeDue.set(false);
            wakeIdle();
        }
    }

    /**
     * Looks at all members (one thread at a time): where the slowest that still counts is, and
     * whether one is stuck or too far behind. Wakes the waiting senders if the room is no longer
     * congested, and says so. Called by waiting senders, by writers that were the slowest when
     * senders wait, and at least once every {@link #HIGH_WATER} bytes posted, so a stuck member is
     * found even while the others keep up.
     */
    private boolean look() {
        if (!looking.compareAndSet(false, true)) return false;
        try {
            long end = tail.end;
            lowWater = slowestThatCounts(System.nanoTime());
            lookedAt = end;
            unlinkPassed();
            if (end - lowWater > HIGH_WATER) return false;
        } finally {
            looking.set(false);
        }
        Member m;
        while ((m = waitingSenders.poll()) != null) {
            m.queued.set(false);
            LockSupport.unpark(m.sayer);
        }
        return true;
    }

    /**
     * Where the slowest member that counts is. Stuck members do not count, and those of them more
     * than {@link #maxBehind} behind are disconnected, but only while some other member is not
     * stuck (writing, or caught up): when every socket stalls at once, the cause is not one slow
     * client (the receiving machine is busy, say), and the room waits for them all.
     */
    private long slowestThatCounts(long now) {
        long end = tail.end;
        long slowestOfAll = end;
        long slowestCounted = end;
        boolean anyMoving = false;
        for (Member m : members.values()) {
            if (m.gone) continue;
            long at = m.done.end;
            slowestOfAll = Math.min(slowestOfAll, at);
            if (!m.stuck(now)) {
                anyMoving = true; // writing, or caught up and waiting for posts
                slowestCounted = Math.min(slowestCounted, at);
            }
        }
        if (!anyMoving) return slowestOfAll;
        for (Member m : members.values()) {
            long behind = end - m.done.end;
            if (!m.gone && behind > maxBehind && m.stuck(now)) {
                Diag.verbose("jnc: <user" + m.id + "> (" + m.address + ") takes nothing: disconnected, "
                        + behind + " bytes behind.");
                m.disconnect();
            }
        }
        return slowestCounted;
    }

    /**
     * Cuts the links between the posts every member has passed. They are garbage already, but a
     * post that lived long enough to reach the old generation (while some member was behind) and
     * still points at the next one keeps that one alive through every young collection, which then
     * keeps the next, and so on: once a member had fallen behind, every later post was promoted and
     * the heap grew with the traffic until a full collection (issue 10: 6.2 GB RSS after 7 GiB
     * relayed, 78 MB live). Runs within {@link #look}, one thread at a time, at least every
     * {@link #HIGH_WATER} bytes posted. Only posts strictly before every live member's place are
     * touched: a writer never walks there again.
     */
    private void unlinkPassed() {
        long passed = tail.end;
        for (Member m : members.values()) {
            if (!m.gone) passed = Math.min(passed, m.done.end);
        }
        Post p = head;
        while (p.end < passed) {
            Post next = p.next;
            if (next == null) break;
            p.next = null;
            p = next;
        }
        head = p;
    }

    /** {@code 127.0.0.1:59104} or {@code ::1:59104}, as Ncat names a chat's members; "unknown" for Unix sockets. */
    private static String addressOf(NetEnd c) {
        if (c == null) return "stdin";
        if (c.remoteAddress() instanceof InetSocketAddress a) return Addresses.text(a.getAddress()) + ":" + a.getPort();
        return "unknown";
    }
}
