package jnc.io;

import java.nio.ByteBuffer;

/**
 * Sees every chunk that crosses the relay, for {@code -o} and {@code -x}. Implementations read the
 * buffer's remaining bytes without moving its position.
 */
public interface Tap extends AutoCloseable {
    Tap NONE = new Tap() {
        @Override
        public void sent(ByteBuffer data) {
        }

        @Override
        public void received(ByteBuffer data) {
        }
    };

    void sent(ByteBuffer data);

    void received(ByteBuffer data);

    @Override
    default void close() {
    }

    /** Both taps, in order. */
    static Tap both(Tap a, Tap b) {
        if (a == NONE) return b;
        if (b == NONE) return a;
        return new Tap() {
            @Override
            public void sent(ByteBuffer data) {
                a.sent(data);
                b.sent(data);
            }

            @Override
            public void received(ByteBuffer data) {
                a.received(data);
                b.received(data);
            }

            @Override
            public void close() {
                a.close();
                b.close();
            }
        };
    }
}
