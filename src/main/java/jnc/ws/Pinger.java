package jnc.ws;

import java.io.IOException;
import java.time.Duration;

/** {@code --ping-interval}: a ping every interval, on a virtual thread, until the connection closes. */
final class Pinger {
    private Pinger() {
    }

    static void start(WsEnd end, Duration interval) {
        if (interval == null) return;
        Thread.ofVirtual().name("jnc-ws-ping").start(() -> {
            try {
                do {
                    Thread.sleep(interval);
                } while (end.ping());
            } catch (InterruptedException | IOException e) {
                // closing: the pings stop with the connection
            }
        });
    }
}
