package jnc.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
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
 * <p>Flow control. The log's length is counted in bytes, each post as its data plus
 * {@link #POST_OVERHEAD} (what a post costs the heap), so a flood of tiny lines is bounded as
 * surely as one of big chunks. A fast room is lossless for the members that keep up: while some
 * member is more than {@link #HIGH_WATER} bytes behind, a member that has more than
 * {@link #ALLOWANCE} bytes of its own posts ahead of that member waits, so the readers of heavy
 * senders are throttled to what the writers manage, and TCP tells those senders to slow down (Ncat
 * blocks every sender in its writes). A sender with little in the log (a person typing, a client
 * doing round trips) is never held up by a slow member: the members that read are not starved by
 * one that does not (issue 10).
 *
 * <p>A slow or stopped reader must not slow the others for long: a member whose socket has taken
 * less than {@link #PROGRESS_STEP} bytes in {@link #STUCK_NANOS} while data waits for it no longer
 * holds anyone back (as long as others are moving), and once it is {@link #maxBehind} bytes behind
 * it is disconnected with a {@code -v} line: that is its outbound queue, bounded in bytes. Memory
 * stays bounded: the log is garbage once every writer has passed it. A member that keeps taking
 * at least that much is waited for: nothing it is sent is lost.
 */
final class Room {
    /** Whom a post is for: everyone (except its sender) or one member. */
    static final int EVERYONE = 0;
    /** Waiting starts when a member is this far behind. */
    static final long HIGH_WATER = 2L << 20;
    /**
     * What a sender may have of its own in the log ahead of the slowest member that counts (this
     * post included) without waiting, however far ahead the log is (join and leave announcements
     * never wait): a person typing or a client doing round trips, never a bulk sender, and at most
     * {@code -m} times this in all (64 KiB each let 400 bulk senders run the log 25 MiB ahead).
     */
    static final long ALLOWANCE = 4L << 10;
    /** What a post costs the heap besides its data (the Post and the array's header), counted in the log's length. */
    static final int POST_OVERHEAD = 48;
    /**
     * A stuck member further behind than this is disconnected (its outbound queue is full);
     * {@code -Djnc.room.maxBehind=BYTES} changes it (tests).
     */
    static final long DEFAULT_MAX_BEHIND = 16L << 20;
    /** A member whose socket has taken less than {@link #PROGRESS_STEP} for this long, with data waiting for it, is stuck. */
    static final long STUCK_NANOS = 5_000_000_000L;
    /**
     * How much a socket must take (or all that was waiting) to count as progress: a member reading
     * less than this per {@link #STUCK_NANOS} (3.2 KiB/s) while data waits for it is stuck. A reader
     * that is merely busy (400 members read by one loaded process) takes far more.
     */
    static final long PROGRESS_STEP = 16L << 10;
    /** How many marks of its own posts a sender keeps (see {@link Member#ownAhead}); older ones are merged. */
    private static final int MARKS = 32;
    /** A mark covers this many bytes of a sender's own posts before a new one begins. */
    private static final long MARK_SPAN = 4L << 10;
    /** How long a waiting sender waits, at most, before it looks again itself. */
    private static final long WAIT_NANOS = 10_000_000;
    /** Rooms up to this size wake their writers at once; bigger ones gather posts for {@link #WAKE_DELAY_NANOS}. */
    private static final int WAKE_AT_ONCE_MAX = 64;
    private static final long WAKE_DELAY_NANOS = 2_000_000;
    private static final int MAX_IOV = 64;
    private static final int MAX_GATHER = 256 * 1024;

    /**
     * Something said: {@code size} bytes for everyone but {@code from} (or only for {@code to}). Its
     * bytes are in a block of the log's memory ({@code block} at {@code offset}) or, when that is
     * full or the post is big, on the heap ({@code bytes}). Never changed once posted.
     */
    static final class Post {
        final int from;
        final int to;
        final int size;
        /** The bytes, until the post is placed in a block; then null, unless it stays on the heap. */
        byte[] bytes;
        LogMemory.Block block;
        int offset;
        /** Log bytes (data and {@link #POST_OVERHEAD}) up to and including this one: how far along the log this is. */
        long end;
        volatile Post next;

        Post(byte[] data, int from, int to) {
            this.bytes = data;
            this.size = data.length;
            this.from = from;
            this.to = to;
        }

        /** A post whose bytes the room copies from the sender's buffer when it is appended. */
        private Post(int from, int size) {
            this.from = from;
            this.to = EVERYONE;
            this.size = size;
        }
    }

    /** A client in the room. */
    final class Member {
        final int id;
        final NetEnd channel;
        final String address;
        /** The last post this member's writer has dealt with. */
        private volatile Post done;
        /** When the socket last made progress (took {@link #PROGRESS_STEP}, or all it was given); 0 when not writing. */
        private volatile long progressAt;
        /** What the socket took since {@link #progressAt}: less than {@link #PROGRESS_STEP}. */
        private volatile long takenSinceProgress;
        /** Whether a write is in progress (and so the socket's buffer may be full). */
        private volatile boolean full;

        private volatile boolean gone;
        /** Set when the writer has returned: it reads no post's bytes any more. */
        private volatile boolean writerDone;
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

        /*
         * The sender's own posts still ahead of the slowest member that counts, as marks: where a
         * run of its posts ends in the log, and its own bytes posted up to there. Only the thread
         * that says things for this member (its reader, or stdin's) touches them.
         */
        private final long[] markEnd = new long[MARKS];
        private final long[] markOwn = new long[MARKS];
        private int markFirst;
        private int marks;
        private long ownPosted;
        private long ownPassed;

        /** Whether the socket has made no progress for {@link #STUCK_NANOS} although there is data for it. */
        boolean stuck(long now) {
            long at = progressAt;
            return full && at != 0 && now - at > STUCK_NANOS;
        }

        /** The bytes of this member's own posts that the member at {@code low} has not passed yet. */
        private long ownAhead(long low) {
            while (marks > 0 && markEnd[markFirst] <= low) {
                ownPassed = markOwn[markFirst];
                markFirst = (markFirst + 1) % MARKS;
                marks--;
            }
            return ownPosted - ownPassed;
        }

        /** Notes a post of this member's that ends the log at {@code end}. */
        private void posted(long end, int size) {
            ownPosted += size;
            if (marks > 0) {
                int last = (markFirst + marks - 1) % MARKS;
                long from = marks > 1 ? markOwn[(last + MARKS - 1) % MARKS] : ownPassed;
                if (marks == MARKS || ownPosted - from <= MARK_SPAN) { // the last mark grows
                    markEnd[last] = end;
                    markOwn[last] = ownPosted;
                    return;
                }
            }
            int i = (markFirst + marks) % MARKS;
            markEnd[i] = end;
            markOwn[i] = ownPosted;
            marks++;
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
                    // Consecutive posts in one block go out as one buffer: a member's share of a
                    // busy room is long runs of other members' posts, side by side in memory.
                    LogMemory.Block run = null;
                    int runStart = 0;
                    int runEnd = 0;
                    while (p != null && n < MAX_IOV - 2 && bytes < MAX_GATHER) {
                        if (p.from != id && (p.to == EVERYONE || p.to == id)) {
                            if (p.block != null && p.block == run && p.offset == runEnd) {
                                runEnd += p.size;
                            } else {
                                if (run != null) iov[n++] = run.memory.slice(runStart, runEnd - runStart);
                                run = p.block;
                                if (run != null) {
                                    runStart = p.offset;
                                    runEnd = runStart + p.size;
                                } else {
                                    iov[n++] = ByteBuffer.wrap(p.bytes);
                                }
                            }
                            bytes += p.size;
                        }
                        at = p;
                        p = p.next;
                    }
                    if (run != null) iov[n++] = run.memory.slice(runStart, runEnd - runStart);
                    if (n > 0) {
                        takenSinceProgress = 0;
                        progressAt = System.nanoTime();
                        // In a write until it completes: a write that blocks before the socket took
                        // anything (its buffer was full from the last one) is as stuck as one that took part.
                        full = true;
                        long left = bytes;
                        while (left > 0) {
                            long took = channel.write(iov, 0, n); // returns as soon as the socket took some
                            left -= took;
                            // A trickle is no progress: a reader that takes a few bytes now and then
                            // must not hold the room to its pace.
                            long taken = takenSinceProgress + took;
                            if (left == 0 || taken >= PROGRESS_STEP) {
                                taken = 0;
                                progressAt = System.nanoTime();
                            }
                            takenSinceProgress = taken;
                        }
                        full = false;
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
            } finally {
                writerDone = true;
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
    /**
     * The members as an array, replaced (under the append lock) at each join and leave: {@link #look}
     * walks it often, and a walk of a ConcurrentHashMap of 400 members cost more than the rest of the
     * look (a profile of bench/chat.sh).
     */
    private volatile Member[] roster = new Member[0];
    private final ReentrantLock appendLock = new ReentrantLock();
    private final LogMemory memory;
    /** Members that left while their writer still ran (it may be in a write): their place holds the log's memory. */
    private final ConcurrentLinkedQueue<Member> departed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Member> idle = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean looking = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Member> waitingSenders = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeDue = new AtomicBoolean();
    private final Thread waker = Thread.ofPlatform().daemon().name("jnc-room-waker").start(this::wakerLoop);
    private final Counters counters;
    private final long maxBehind;
    /** Past this, a member whose socket is full is disconnected even when it counts: senders never run this far ahead of one. */
    private final long hardBehind;
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
        this.hardBehind = Math.max(2 * maxBehind, 4 * HIGH_WATER);
        // Enough blocks for the log as far as a member may fall behind, and some for the posts
        // that are never held back (announcements, allowances); past that, posts use the heap.
        int block = Integer.getInteger("jnc.room.block", LogMemory.BLOCK); // tests: small blocks are reused sooner
        this.memory = new LogMemory(block, (int) Math.min(1 << 16, hardBehind / block + 8));
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
            Member[] r = roster;
            Member[] grown = Arrays.copyOf(r, r.length + 1);
            grown[r.length] = m;
            roster = grown;
            for (Post p : firstPosts.apply(m)) appendLocked(p, p.bytes, 0);
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
        // Among the departed before it leaves the roster: a look in between must not take it for done.
        if (!m.writerDone) departed.add(m);
        appendLock.lock();
        try {
            members.remove(m.id);
            Member[] r = roster;
            Member[] shrunk = new Member[Math.max(r.length - 1, 0)];
            int n = 0;
            for (Member x : r) if (x != m && n < shrunk.length) shrunk[n++] = x;
            roster = n == shrunk.length ? shrunk : Arrays.copyOf(shrunk, n);
        } finally {
            appendLock.unlock();
        }
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
     * {@link #HIGH_WATER} behind, or at once while {@code from} has at most {@link #ALLOWANCE} of its
     * own ahead of that member. The check and the append are one step under the lock, so however
     * many senders wait, the log never runs further ahead than that (plus one post each). Waiting costs nothing: the writer that moves the slowest place on wakes
     * the senders.
     */
    void say(Member from, byte[] data) {
        say(from, data, 0, data.length);
    }

    /** As {@link #say(Member, byte[])}, for {@code len} bytes of {@code src} at {@code off}, which the room copies: the caller may reuse {@code src}. */
    void say(Member from, byte[] src, int off, int len) {
        Post p = new Post(from.id, len);
        while (true) {
            appendLock.lock();
            try {
                long end = tail.end;
                long low = lowWater;
                boolean roomy = end - low <= HIGH_WATER || from.ownAhead(low) + len <= ALLOWANCE;
                if (roomy && end - lookedAt < HIGH_WATER) {
                    appendLocked(p, src, off);
                    from.posted(p.end, len);
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
            appendLocked(p, p.bytes, 0);
        } finally {
            appendLock.unlock();
        }
        wakeWriters();
    }

    /** Appends {@code p}, its bytes copied from {@code src} at {@code off} into the log's memory (or kept on the heap). */
    private void appendLocked(Post p, byte[] src, int off) {
        Post t = tail;
        p.end = t.end + p.size + POST_OVERHEAD;
        if (memory.place(p, src, off)) {
            p.bytes = null;
        } else if (p.bytes != src || off != 0) {
            p.bytes = Arrays.copyOfRange(src, off, off + p.size);
        }
        t.next = p; // the volatile write publishes p (its bytes and its end) to the writers
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
            lowWater = slowestThatCounts(end, System.nanoTime());
            lookedAt = end;
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
    private long slowestThatCounts(long end, long now) {
        Member[] r = roster;
        long slowestOfAll = end;
        long slowestCounted = end;
        boolean anyMoving = false;
        for (Member m : r) {
            if (m.gone) continue;
            long at = m.done.end;
            slowestOfAll = Math.min(slowestOfAll, at);
            if (!m.stuck(now)) {
                anyMoving = true; // writing, or caught up and waiting for posts
                slowestCounted = Math.min(slowestCounted, at);
            }
        }
        unlinkPassed(slowestOfAll);
        memory.release(oldestInUse(r, end));
        if (end - slowestOfAll <= maxBehind) return anyMoving ? slowestCounted : slowestOfAll; // nobody to disconnect
        for (Member m : r) {
            long behind = end - m.done.end;
            // Stuck while others move, or (whatever the others do) further behind than any member
            // that counts can be, with its socket full: its queue is full, and the room holds no more for it.
            if (!m.gone && (anyMoving && behind > maxBehind && m.stuck(now) || behind > hardBehind && m.full)) {
                Diag.verbose("jnc: <user" + m.id + "> (" + m.address + ") takes too little: disconnected, " + behind + " bytes behind.");
                m.disconnect();
            }
        }
        return anyMoving ? slowestCounted : slowestOfAll;
    }

    /**
     * The oldest place in the log a writer may still read: the slowest of the writers still running,
     * those of members that are gone or left included (one may be in a write).
     */
    private long oldestInUse(Member[] r, long end) {
        long oldest = end;
        for (Member m : r) if (!m.writerDone) oldest = Math.min(oldest, m.done.end);
        for (Iterator<Member> i = departed.iterator(); i.hasNext(); ) {
            Member m = i.next();
            if (m.writerDone) i.remove();
            else oldest = Math.min(oldest, m.done.end);
        }
        return oldest;
    }

    /**
     * Cuts the links between the posts every member has passed. They are garbage already, but a
     * post that lived long enough to reach the old generation (while some member was behind) and
     * still points at the next one keeps that one alive through every young collection, which then
     * keeps the next, and so on: once a member had fallen behind, every later post was promoted and
     * the heap grew with the traffic until a full collection (issue 10: 6.2 GB RSS after 7 GiB
     * relayed, 78 MB live). Runs within {@link #look}, one thread at a time, at least every
     * {@link #HIGH_WATER} bytes posted. Only posts strictly before {@code passed}, every live
     * member's place, are touched: a writer never walks there again.
     */
    private void unlinkPassed(long passed) {
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
