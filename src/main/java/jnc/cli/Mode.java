package jnc.cli;

import java.time.Duration;

/**
 * What jnc does with the network. Each mode carries the options only it has, so a {@code -k} of
 * connect mode or a port list outside a scan cannot be built.
 */
public sealed interface Mode {

    /** {@code jnc HOST PORT}: connect and relay. */
    record Connect() implements Mode {
    }

    /**
     * {@code jnc -l}: accept and relay.
     *
     * @param keepOpen {@code -k} (always for the broker and chat)
     * @param door     who may come in, and how many at once
     */
    record Listen(boolean keepOpen, DoorRules door) implements Mode {
    }

    /** {@code -z}: report which of {@code ports} accept, sending nothing. */
    record Scan(PortList ports) implements Mode {
    }

    /**
     * {@code --raw}: print decoded packets from a raw socket.
     *
     * @param protocol the IP protocol number ({@code --raw-proto})
     * @param count    {@code --count}, or 0 for no limit
     */
    record Raw(int protocol, int count) implements Mode {
    }

    /**
     * {@code --ping}: ICMP echo requests.
     *
     * @param count    {@code --count}, or 0 for no limit
     * @param interval {@code --interval} between requests
     */
    record Ping(int count, Duration interval) implements Mode {
    }

    /**
     * {@code --load}: the measuring client of an echo server.
     *
     * @param connections {@code --load}
     * @param msgSize     {@code --msg-size}
     * @param duration    {@code --duration}
     */
    record Load(int connections, int msgSize, Duration duration) implements Mode {
    }
}
