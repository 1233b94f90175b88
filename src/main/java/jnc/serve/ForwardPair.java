package jnc.serve;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One forwarded client in a {@link ForwardLoop}: the accepted socket, the socket to the target, and
 * the two directions between them. It holds no buffer of its own while bytes flow; a direction keeps
 * one only while its receiver is slower than its sender (see {@link Way#unsent}).
 */
final class ForwardPair {
    final SocketChannel client;
    final SocketChannel target;
    SelectionKey clientKey;
    SelectionKey targetKey;
    /** Until the target's connect completes, nothing is read from the client. */
    boolean connecting = true;
    /** Client to target. */
    final Way up;
    /** Target to client. */
    final Way down;
    boolean closed;

    // -i: the loop's list of pairs, least recently active first (see ForwardLoop.IdleList).
    long lastActive;
    ForwardPair older;
    ForwardPair newer;

    ForwardPair(SocketChannel client, SocketChannel target) {
        this.client = client;
        this.target = target;
        this.up = new Way(client, target);
        this.down = new Way(target, client);
    }

    /** Both directions have seen EOF and passed it on: the session is over. */
    boolean finished() {
        return up.done && down.done;
    }

    /** The selection key of {@code ch}, one of the two sockets. */
    SelectionKey keyOf(SocketChannel ch) {
        return ch == client ? clientKey : targetKey;
    }

    /** What the loop waits for on {@code ch}: reading for the way it feeds, writing for the way it drains. */
    int interestOf(SocketChannel ch) {
        if (connecting) return ch == target ? SelectionKey.OP_CONNECT : 0;
        Way from = ch == client ? up : down;
        Way to = ch == client ? down : up;
        int ops = 0;
        if (!from.eof && !from.holds()) ops |= SelectionKey.OP_READ;
        if (to.holds()) ops |= SelectionKey.OP_WRITE;
        return ops;
    }

    /** One direction: bytes read from {@code from} are written to {@code to}. */
    static final class Way {
        final SocketChannel from;
        final SocketChannel to;
        /**
         * What {@code to} did not take yet; while it is set, {@code from} is not read, so a slow
         * receiver holds at most one buffer here and the rest waits in the sockets.
         */
        ByteBuffer unsent;
        /** {@code from} said EOF. */
        boolean eof;
        /** EOF has been passed on ({@code to} shut down for output): this way is over. */
        boolean done;
        /** Bytes moved so far, until the way turns to splice. */
        long moved;
        /**
         * Once the way has shown itself bulk: the kernel moves its bytes (splice) through this pipe,
         * {@code [read end, write end]}, between the descriptors {@link #fromFd} and {@link #toFd}.
         */
        int[] pipe;
        boolean spliceTried;
        int fromFd = -1;
        int toFd = -1;
        /** What is in the pipe and not yet taken by {@code to}: the spliced form of {@link #unsent}. */
        long inPipe;
        /** {@code from}'s low-water mark is up (a bulk stream wakes the loop for big pieces only), since {@link #lastRead}. */
        boolean marked;
        long lastRead;

        /** Bytes wait for {@code to}: until they are gone, {@code from} is not read. */
        boolean holds() {
            return unsent != null || inPipe > 0;
        }

        Way(SocketChannel from, SocketChannel to) {
            this.from = from;
            this.to = to;
        }
    }
}
