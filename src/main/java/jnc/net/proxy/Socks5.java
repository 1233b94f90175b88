package jnc.net.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;

import jnc.base.Diag;
import jnc.base.Failure;

/**
 * SOCKS version 5 (RFC 1928), with username/password authentication (RFC 1929).
 *
 * <pre>
 *   greeting:  VER=5 | NMETHODS | METHODS...        (0 = no authentication, 2 = username/password)
 *   choice:    VER=5 | METHOD                        (255 = none of those acceptable)
 *   RFC 1929:  VER=1 | ULEN | UNAME | PLEN | PASSWD  ->  VER=1 | STATUS (0 = success)
 *   request:   VER=5 | CMD=1 (CONNECT) | RSV=0 | ATYP | DST.ADDR | DST.PORT (2)
 *              ATYP 1 = IPv4 (4 bytes), 3 = name (length byte, then the name), 4 = IPv6 (16 bytes)
 *   reply:     VER=5 | REP (0 = succeeded) | RSV | ATYP | BND.ADDR | BND.PORT (2)
 * </pre>
 */
final class Socks5 {
    private static final int VERSION = 5;
    private static final int NO_AUTH = 0;
    private static final int USER_PASS = 2;
    private static final int NO_ACCEPTABLE = 0xff;
    private static final int CONNECT = 1;
    static final int ATYP_IPV4 = 1;
    static final int ATYP_NAME = 3;
    static final int ATYP_IPV6 = 4;

    private Socks5() {
    }

    /** The whole exchange; on return the proxy relays between us and the target. */
    static void handshake(Wire wire, Destination target, String auth) throws IOException {
        wire.send(greeting(auth != null));
        byte[] choice = wire.receive(2);
        if (choice[0] != VERSION) throw Wire.failed("wrong SOCKS version in the proxy's reply.");
        int method = choice[1] & 0xff;
        if (method == NO_AUTH) {
            Diag.verbose("No authentication needed.");
        } else if (method == USER_PASS && auth != null) {
            Diag.verbose("Doing username and password authentication.");
            int colon = auth.indexOf(':');
            wire.send(passwordRequest(auth.substring(0, colon), auth.substring(colon + 1)));
            byte[] status = wire.receive(2);
            if (status[1] != 0) throw Wire.failed("authentication failed.");
        } else if (method == NO_ACCEPTABLE) {
            throw Wire.failed(auth == null ? "the proxy requires authentication (--proxy-auth)." : "no acceptable authentication method proposed.");
        } else {
            throw Wire.failed("the proxy selected an authentication method we did not offer.");
        }

        wire.send(connectRequest(target));
        byte[] head = wire.receive(4);
        if (head[0] != VERSION) throw Wire.failed("wrong SOCKS version in the proxy's reply.");
        int rep = head[1] & 0xff;
        if (rep != 0) throw Wire.failed(reason(rep) + " (SOCKS5 reply " + rep + ").");
        // The address the proxy connected from: read and dropped, so the stream starts at the target's bytes.
        int atyp = head[3] & 0xff;
        int length = switch (atyp) {
            case ATYP_IPV4 -> 4;
            case ATYP_IPV6 -> 16;
            case ATYP_NAME -> wire.receive(1)[0] & 0xff;
            default -> throw Wire.failed("invalid address type " + atyp + " in the proxy's reply.");
        };
        wire.receive(length + 2);
    }

    /** The methods we offer: always "none", and "username/password" when we have credentials. */
    static byte[] greeting(boolean withPassword) {
        return withPassword ? new byte[] {VERSION, 2, NO_AUTH, USER_PASS} : new byte[] {VERSION, 1, NO_AUTH};
    }

    /** RFC 1929's request; the lengths were checked (at most 255 bytes each) when the options were parsed. */
    static byte[] passwordRequest(String user, String password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // the version of the sub-negotiation, not of SOCKS
        out.write(u.length);
        out.writeBytes(u);
        out.write(p.length);
        out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] connectRequest(Destination target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(CONNECT);
        out.write(0);
        if (target.isName()) {
            byte[] name = target.name().getBytes(StandardCharsets.UTF_8);
            if (name.length > 255) throw Failure.usage("Host name too long for SOCKS5 (at most 255 bytes).");
            out.write(ATYP_NAME);
            out.write(name.length);
            out.writeBytes(name);
        } else {
            out.write(target.address() instanceof Inet4Address ? ATYP_IPV4 : ATYP_IPV6);
            out.writeBytes(target.address().getAddress());
        }
        out.write(target.port() >> 8);
        out.write(target.port());
        return out.toByteArray();
    }

    /** RFC 1928's reply codes, in Ncat's words. */
    static String reason(int rep) {
        return switch (rep) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "Network unreachable";
            case 4 -> "Host unreachable";
            case 5 -> "Connection refused";
            case 6 -> "TTL expired";
            case 7 -> "Command not supported";
            case 8 -> "Address type not supported";
            default -> "unassigned value in the reply";
        };
    }

}
