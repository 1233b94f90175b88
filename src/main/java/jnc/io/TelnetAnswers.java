package jnc.io;

import java.nio.ByteBuffer;

/**
 * {@code -t}: answers a Telnet peer's option negotiation (RFC 854, 855) by refusing every option,
 * as Ncat and OpenBSD nc do. {@code IAC DO x} and {@code IAC DONT x} get {@code IAC WONT x};
 * {@code IAC WILL x} and {@code IAC WONT x} get {@code IAC DONT x}. The bytes themselves still go
 * to stdout unchanged, as with both of them.
 *
 * <p>Unlike them it reads the whole stream, not only commands at the start of a read, and keeps
 * its place between reads, so a command split across two reads is still answered.
 */
public final class TelnetAnswers {
    static final int IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251;

    /** Where we are in a command: after nothing, after IAC, or after IAC and a verb. */
    private int state;
    private int verb;

    /**
     * Scans the bytes between {@code data}'s position and limit (not moving them) and returns the
     * answers they call for, or {@code null} when there are none.
     */
    public ByteBuffer answers(ByteBuffer data) {
        ByteBuffer out = null;
        for (int i = data.position(); i < data.limit(); i++) {
            int b = data.get(i) & 0xff;
            switch (state) {
                case 0 -> state = b == IAC ? 1 : 0;
                case 1 -> { // after IAC: a negotiation verb, or IAC IAC (a data byte 255), or another command
                    if (b >= WILL && b <= DONT) {
                        verb = b;
                        state = 2;
                    } else {
                        state = 0;
                    }
                }
                default -> { // b is the option
                    if (out == null) out = ByteBuffer.allocate(3 * (1 + (data.limit() - i - 1) / 3)); // room for every answer still possible
                    out.put((byte) IAC).put((byte) (verb == DO || verb == DONT ? WONT : DONT)).put((byte) b);
                    state = 0;
                }
            }
        }
        return out == null ? null : out.flip();
    }
}
