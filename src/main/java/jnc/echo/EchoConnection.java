package jnc.echo;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of an {@link EchoLoop}: its channel, its key in the loop's selector, and only what
 * must outlive one event. While idle it holds no buffer at all; {@code unsent} exists only while
 * the client does not read its echo fast enough.
 */
final class EchoConnection {
    final SocketChannel channel;
    SelectionKey key;
    /** The rest of an echo the socket would not take yet; null while nothing waits. */
    ByteBuffer unsent;
    /** When bytes last moved either way (System.nanoTime), for {@code -i}. */
    long lastActive;
    /** Links of the loop's {@link IdleList}; null when not in it. */
    EchoConnection older;
    EchoConnection newer;

    EchoConnection(SocketChannel channel) {
        this.channel = channel;
    }
}
