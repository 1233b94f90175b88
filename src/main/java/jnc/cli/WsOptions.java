package jnc.cli;

import java.time.Duration;
import java.util.List;

/**
 * What {@code --ws}, a {@code ws://}/{@code wss://} URL and their companions said. Plain data, so a
 * run without WebSocket loads no class of {@code jnc.ws} ({@link Options#ws()} is then {@code null}).
 *
 * @param path         the request path ({@code /} unless the URL or {@code --ws-path} says otherwise);
 *                     in listen mode the only path served, or {@code null} for any
 * @param hostHeader   the {@code Host} header a client sends, as the URL wrote it ({@code null}: host[:port])
 * @param binary       {@code --binary}: raw binary messages instead of lines as text messages
 * @param headers      {@code -H} lines, {@code Name: value}
 * @param protocols    {@code --ws-protocol}: subprotocols offered (client) or accepted (server)
 * @param pingInterval {@code --ping-interval}, or {@code null}
 * @param maxMessage   {@code --ws-max-msg}: the largest message accepted (1009 beyond it)
 * @param web          {@code --web}: with {@code --chat}, serve the classroom page on the same port
 */
public record WsOptions(String path, String hostHeader, boolean binary, List<String> headers, List<String> protocols,
                        Duration pingInterval, long maxMessage, boolean web) {
    /** Default {@link #maxMessage}: 64 MiB. Messages are streamed, not held, so this bounds no memory; it is a sanity limit. */
    public static final long DEFAULT_MAX_MESSAGE = 64L << 20;

    public WsOptions {
        headers = List.copyOf(headers);
        protocols = List.copyOf(protocols);
    }
}
