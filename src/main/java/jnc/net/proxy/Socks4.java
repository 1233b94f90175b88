package jnc.net.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

import jnc.base.Failure;

/**
 * SOCKS version 4, and its 4a extension for host names.
 *
 * <p>The protocol is described in "SOCKS: A protocol for TCP proxy across firewalls" (Ying-Da Lee,
 * https://www.openssh.com/txt/socks4.protocol) and "SOCKS 4A" (https://www.openssh.com/txt/socks4a.protocol).
 * There is no RFC. One request, one 8-byte reply:
 *
 * <pre>
 *   request:  VN=4 | CD=1 (CONNECT) | DSTPORT (2) | DSTIP (4) | USERID | NUL
 *   SOCKS4a:  the same with DSTIP = 0.0.0.x (x != 0), then HOSTNAME | NUL after the user id
 *   reply:    VN=0 | CD (90 = granted) | DSTPORT (2) | DSTIP (4)
 * </pre>
 *
 * SOCKS4 knows no IPv6 and no passwords: {@code --proxy-auth} is sent as the user id, as Ncat does.
 */
final class Socks4 {
    private static final int VERSION = 4;
    private static final int CONNECT = 1;
    private static final int GRANTED = 90;

    private Socks4() {
    }

    static void handshake(Wire wire, Destination target, String userId) throws IOException {
        wire.send(connectRequest(target, userId));
        checkReply(wire.receive(8));
    }

    /** The CONNECT request; a name makes it a SOCKS4a request. */
    static byte[] connectRequest(Destination target, String userId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(CONNECT);
        out.write(target.port() >> 8);
        out.write(target.port());
        if (target.isName()) {
            // 0.0.0.1: "an invalid IP address", which tells a 4a server that a name follows.
            out.writeBytes(new byte[] {0, 0, 0, 1});
        } else if (target.address() instanceof Inet4Address v4) {
            out.writeBytes(v4.getAddress());
        } else {
            throw Failure.usage("IPv6 addresses are not supported with SOCKS4.");
        }
        out.writeBytes((userId == null ? "" : userId).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        if (target.isName()) {
            out.writeBytes(target.name().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Accepts a granted reply; any other is a refusal, worded after the code. */
    static void checkReply(byte[] reply) {
        int code = reply[1] & 0xff;
        if (code == GRANTED) return;
        throw Wire.failed(reason(code) + " (SOCKS4 reply " + code + ").");
    }

    static String reason(int code) {
        return switch (code) {
            case 91 -> "request rejected or failed";
            case 92 -> "request rejected: the proxy cannot reach our identd";
            case 93 -> "request rejected: identd reports a different user id";
            default -> "unknown reply";
        };
    }
}
