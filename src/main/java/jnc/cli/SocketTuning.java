package jnc.cli;

/**
 * Socket options the user asked for ({@code --sndbuf}, {@code --tos}, ...). A value of -1 (or
 * false) means "leave the system's default": jnc sets only what was asked.
 *
 * @param sendBuffer    {@code --sndbuf}: SO_SNDBUF in bytes
 * @param receiveBuffer {@code --rcvbuf}: SO_RCVBUF in bytes
 * @param tos           {@code --tos}: the IPv4 TOS byte / IPv6 traffic class (DSCP is its top six bits)
 * @param ttl           {@code --ttl}: IPv4 TTL / IPv6 hop limit for unicast and multicast
 * @param keepAlive     {@code --keepalive}: SO_KEEPALIVE
 * @param reuseAddress  {@code --reuseaddr}: SO_REUSEADDR (listeners have it on already, as in Ncat)
 * @param reusePort     {@code --reuseport}: SO_REUSEPORT, so several listeners share a port
 */
public record SocketTuning(int sendBuffer, int receiveBuffer, int tos, int ttl,
                           boolean keepAlive, boolean reuseAddress, boolean reusePort) {

    public static final SocketTuning DEFAULTS = new SocketTuning(-1, -1, -1, -1, false, false, false);

    /**
     * Whether nothing was asked for. Written out rather than {@code equals(DEFAULTS)}: a record's
     * generated {@code equals} is bootstrapped through {@code invokedynamic}, which costs a plain
     * {@code jnc HOST PORT} about 20 ms of start-up.
     */
    public boolean isDefault() {
        return sendBuffer < 0 && receiveBuffer < 0 && tos < 0 && ttl < 0 && !keepAlive && !reuseAddress && !reusePort;
    }

    /** Parses a TOS value: a number (decimal or 0x hex, 0-255) or a DSCP name (ef, af11..af43, cs0..cs7). */
    public static int parseTos(String text) throws UsageException {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("ef")) return 46 << 2;
        if (t.matches("af[1-4][1-3]")) return ((t.charAt(2) - '0') * 8 + (t.charAt(3) - '0') * 2) << 2;
        if (t.matches("cs[0-7]")) return ((t.charAt(2) - '0') * 8) << 2;
        try {
            int v = t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
            if (v >= 0 && v <= 255) return v;
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new UsageException("Invalid --tos value \"" + text + "\" (0-255, 0x.., or a DSCP name such as ef, af21, cs1).");
    }
}
