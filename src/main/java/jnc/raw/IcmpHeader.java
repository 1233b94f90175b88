package jnc.raw;

/**
 * An ICMP (RFC 792) or ICMPv6 (RFC 4443) message header. Both start with type, code and checksum;
 * echo requests and replies follow with an identifier and a sequence number. The rest of the 8-byte
 * header means something else per type (unused, a pointer, an MTU), and the body after it is echo
 * data or, for errors, the start of the packet that caused the error.
 *
 * @param v6         ICMPv6 rather than ICMP (the type numbers differ)
 * @param type       message type
 * @param code       subtype
 * @param checksum   the checksum field as received
 * @param identifier echo identifier, or -1 for other types
 * @param sequence   echo sequence number, or -1 for other types
 * @param bodyOffset where the body after the 8-byte header starts in the array given to {@link #decode}
 * @param bodyLength body bytes present
 */
public record IcmpHeader(boolean v6, int type, int code, int checksum, int identifier, int sequence,
        int bodyOffset, int bodyLength) {

    public static final int HEADER_LENGTH = 8;
    public static final int ECHO_REPLY = 0;
    public static final int ECHO_REQUEST = 8;
    public static final int ECHO_REQUEST_V6 = 128;
    public static final int ECHO_REPLY_V6 = 129;

    public static Decoded<IcmpHeader> decode(boolean v6, byte[] b, int off, int len) {
        String what = v6 ? "ICMPv6" : "ICMP";
        if (!Decoded.inBounds(b, off, len)) return Decoded.malformed("no such bytes in the buffer");
        if (len < 4) return Decoded.malformed(what + " header needs at least 4 bytes, got " + len);
        int type = Bytes.u8(b, off);
        boolean echo = isEcho(v6, type);
        if (echo && len < HEADER_LENGTH) return Decoded.malformed(what + " echo needs 8 bytes, got " + len);
        int header = Math.min(HEADER_LENGTH, len);
        return Decoded.ok(new IcmpHeader(v6, type, Bytes.u8(b, off + 1), Bytes.u16(b, off + 2),
                echo ? Bytes.u16(b, off + 4) : -1, echo ? Bytes.u16(b, off + 6) : -1,
                off + header, len - header));
    }

    static boolean isEcho(boolean v6, int type) {
        return v6 ? type == ECHO_REQUEST_V6 || type == ECHO_REPLY_V6 : type == ECHO_REQUEST || type == ECHO_REPLY;
    }

    public boolean echo() {
        return isEcho(v6, type);
    }

    public boolean echoReply() {
        return type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY);
    }

    /** Whether the body holds the start of the offending packet (destination unreachable and the like). */
    public boolean error() {
        return v6 ? type >= 1 && type <= 4 : type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** The type as a name, with the code where it says more, as tcpdump would print it. */
    public String describe() {
        String name = v6 ? nameV6() : nameV4();
        StringBuilder sb = new StringBuilder(v6 ? "ICMPv6 " : "ICMP ").append(name);
        if (echo()) sb.append(" id ").append(identifier).append(" seq ").append(sequence);
        else if (!codeName().isEmpty()) sb.append(' ').append(codeName());
        else if (code != 0 || name.startsWith("type ")) sb.append(" code ").append(code);
        return sb.toString();
    }

    private String nameV4() {
        return switch (type) {
            case ECHO_REPLY -> "echo-reply";
            case 3 -> "dest-unreachable";
            case 4 -> "source-quench";
            case 5 -> "redirect";
            case ECHO_REQUEST -> "echo-request";
            case 9 -> "router-advertisement";
            case 10 -> "router-solicitation";
            case 11 -> "time-exceeded";
            case 12 -> "parameter-problem";
            case 13 -> "timestamp-request";
            case 14 -> "timestamp-reply";
            default -> "type " + type;
        };
    }

    private String nameV6() {
        return switch (type) {
            case 1 -> "dest-unreachable";
            case 2 -> "packet-too-big";
            case 3 -> "time-exceeded";
            case 4 -> "parameter-problem";
            case ECHO_REQUEST_V6 -> "echo-request";
            case ECHO_REPLY_V6 -> "echo-reply";
            case 130 -> "mld-query";
            case 131 -> "mld-report";
            case 133 -> "router-solicitation";
            case 134 -> "router-advertisement";
            case 135 -> "neighbor-solicitation";
            case 136 -> "neighbor-advertisement";
            case 137 -> "redirect";
            case 143 -> "mldv2-report";
            default -> "type " + type;
        };
    }

    private String codeName() {
        boolean unreachable = v6 ? type == 1 : type == 3;
        if (!unreachable) {
            boolean exceeded = v6 ? type == 3 : type == 11;
            if (exceeded) return code == 0 ? "ttl-exceeded" : code == 1 ? "reassembly-time-exceeded" : "";
            return "";
        }
        if (v6) {
            return switch (code) {
                case 0 -> "no-route";
                case 1 -> "admin-prohibited";
                case 3 -> "address-unreachable";
                case 4 -> "port-unreachable";
                default -> "";
            };
        }
        return switch (code) {
            case 0 -> "net-unreachable";
            case 1 -> "host-unreachable";
            case 2 -> "protocol-unreachable";
            case 3 -> "port-unreachable";
            case 4 -> "fragmentation-needed";
            case 13 -> "admin-prohibited";
            default -> "";
        };
    }

    /**
     * An echo request ready to send: type 8 (or 128), code 0, the identifier, the sequence number and
     * the data. For ICMP the checksum is filled in; for ICMPv6 the kernel computes it on a raw socket
     * (RFC 3542), because it covers a pseudo-header with addresses only the kernel knows for sure.
     */
    public static byte[] echoRequest(boolean v6, int identifier, int sequence, byte[] data) {
        byte[] m = new byte[HEADER_LENGTH + data.length];
        m[0] = (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST);
        Bytes.put16(m, 4, identifier);
        Bytes.put16(m, 6, sequence);
        System.arraycopy(data, 0, m, HEADER_LENGTH, data.length);
        if (!v6) Bytes.put16(m, 2, Checksum.of(m, 0, m.length));
        return m;
    }
}
