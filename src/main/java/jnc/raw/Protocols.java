package jnc.raw;

/** IP protocol numbers (IANA) as names, for the summary line of a packet. */
public final class Protocols {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private Protocols() {
    }

    public static String name(int protocol) {
        return switch (protocol) {
            case 0 -> "HOPOPT";
            case ICMP -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case TCP -> "TCP";
            case UDP -> "UDP";
            case 41 -> "IPv6";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case ICMPV6 -> "ICMPv6";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 112 -> "VRRP";
            case 132 -> "SCTP";
            default -> String.valueOf(protocol);
        };
    }
}
