package jnc.raw;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import jnc.io.HexLines;

/**
 * One received packet as text for {@code --raw}: a summary line for the IP layer, an indented line
 * for the transport header, then the payload as a hex dump and an empty line:
 * <pre>
 * IPv4 127.0.0.1 -&gt; 127.0.0.1 proto ICMP len 84 ttl 64 id 1234 DF
 *   ICMP echo-request id 4711 seq 1
 *   0000  ...
 * </pre>
 * Pure: bytes in, text out. Whatever the bytes, it prints what it can and never throws.
 */
public final class PacketFormatter {
    static final String INDENT = "  ";

    private PacketFormatter() {
    }

    /** The bytes as {@code -x} shows a session's ({@link HexLines}), indented, offsets from 0000. */
    static void hex(StringBuilder sb, byte[] b, int off, int len) {
        HexLines.append(sb, INDENT, 4, 0, ByteBuffer.wrap(b, off, len));
    }

    /** A packet from a raw IPv4 socket: the kernel delivers it with its IPv4 header. */
    public static String ipv4(byte[] b, int len) {
        StringBuilder sb = new StringBuilder(128 + 5 * len);
        switch (Ipv4Header.decode(b, 0, len)) {
            case Decoded.Malformed<Ipv4Header> m -> {
                sb.append("IPv4 malformed (").append(len).append(" bytes): ").append(m.reason()).append('\n');
                hex(sb, b, 0, Math.max(0, Math.min(len, b.length)));
            }
            case Decoded.Ok<Ipv4Header> ok -> {
                Ipv4Header ip = ok.header();
                sb.append("IPv4 ").append(jnc.net.Addresses.text(ip.source())).append(" -> ").append(jnc.net.Addresses.text(ip.destination()))
                        .append(" proto ").append(Protocols.name(ip.protocol()))
                        .append(" len ").append(ip.totalLength()).append(" ttl ").append(ip.ttl()).append(" id ").append(ip.id());
                if (ip.tos() != 0) sb.append(" tos 0x").append(Integer.toHexString(ip.tos()));
                if (ip.dontFragment()) sb.append(" DF");
                if (ip.moreFragments()) sb.append(" MF");
                if (ip.fragmentOffset() != 0) sb.append(" frag-offset ").append(ip.fragmentOffset());
                if (ip.headerLength() > Ipv4Header.MIN_LENGTH) sb.append(" ip-options ").append(ip.headerLength() - Ipv4Header.MIN_LENGTH).append(" bytes");
                if (!ip.checksumOk()) sb.append(" bad-header-checksum");
                if (ip.truncated()) sb.append(" (truncated: ").append(len).append(" of ").append(ip.totalLength()).append(" bytes)");
                sb.append('\n');
                if (ip.firstFragment()) {
                    transport(sb, ip.protocol(), false, b, ip.payloadOffset(), ip.payloadLength());
                } else {
                    sb.append(INDENT).append("fragment: no ").append(Protocols.name(ip.protocol())).append(" header\n");
                    hex(sb, b, ip.payloadOffset(), ip.payloadLength());
                }
            }
        }
        return sb.append('\n').toString();
    }

    /**
     * A packet from a raw IPv6 socket. The kernel strips the IPv6 header (RFC 3542), so what arrives
     * is the payload only; the addresses and the hop limit come from the socket ({@code recvmsg}
     * with IPV6_PKTINFO and IPV6_HOPLIMIT). {@code destination} may be null and {@code hopLimit} -1
     * when unknown.
     */
    public static String ipv6(byte[] b, int len, int protocol, InetAddress source, InetAddress destination, int hopLimit) {
        int n = Math.max(0, Math.min(len, b.length));
        StringBuilder sb = new StringBuilder(128 + 5 * n);
        sb.append("IPv6 ").append(source == null ? "?" : jnc.net.Addresses.text(source))
                .append(" -> ").append(destination == null ? "?" : jnc.net.Addresses.text(destination))
                .append(" proto ").append(Protocols.name(protocol)).append(" len ").append(n);
        if (hopLimit >= 0) sb.append(" hlim ").append(hopLimit);
        sb.append(" (no IPv6 header from the kernel)\n");
        transport(sb, protocol, true, b, 0, n);
        return sb.append('\n').toString();
    }

    /** The transport header's line and the payload after it. */
    static void transport(StringBuilder sb, int protocol, boolean v6, byte[] b, int off, int len) {
        boolean icmp = protocol == (v6 ? Protocols.ICMPV6 : Protocols.ICMP);
        if (icmp) {
            icmp(sb, v6, b, off, len);
        } else if (protocol == Protocols.TCP) {
            switch (TcpHeader.decode(b, off, len)) {
                case Decoded.Ok<TcpHeader> ok -> {
                    sb.append(INDENT).append(ok.header().describe()).append('\n');
                    hex(sb, b, ok.header().payloadOffset(), ok.header().payloadLength());
                }
                case Decoded.Malformed<TcpHeader> m -> malformed(sb, "TCP", m.reason(), b, off, len);
            }
        } else if (protocol == Protocols.UDP) {
            switch (UdpHeader.decode(b, off, len)) {
                case Decoded.Ok<UdpHeader> ok -> {
                    sb.append(INDENT).append(ok.header().describe()).append('\n');
                    hex(sb, b, ok.header().payloadOffset(), ok.header().payloadLength());
                }
                case Decoded.Malformed<UdpHeader> m -> malformed(sb, "UDP", m.reason(), b, off, len);
            }
        } else {
            hex(sb, b, off, len);
        }
    }

    private static void icmp(StringBuilder sb, boolean v6, byte[] b, int off, int len) {
        switch (IcmpHeader.decode(v6, b, off, len)) {
            case Decoded.Malformed<IcmpHeader> m -> malformed(sb, v6 ? "ICMPv6" : "ICMP", m.reason(), b, off, len);
            case Decoded.Ok<IcmpHeader> ok -> {
                IcmpHeader h = ok.header();
                sb.append(INDENT).append(h.describe());
                // ICMPv6's checksum covers a pseudo-header with both addresses; the kernel checked it.
                if (!v6 && !Checksum.verifies(b, off, len)) sb.append(" bad-checksum");
                sb.append('\n');
                if (h.error() && !v6) offending(sb, b, h.bodyOffset(), h.bodyLength());
                hex(sb, b, h.bodyOffset(), h.bodyLength());
            }
        }
    }

    /** An ICMP error carries the IP header and 8 bytes of the packet that caused it: name its ends. */
    private static void offending(StringBuilder sb, byte[] b, int off, int len) {
        if (!(Ipv4Header.decode(b, off, len) instanceof Decoded.Ok<Ipv4Header>(Ipv4Header ip))) return;
        sb.append(INDENT).append("about: IPv4 ").append(jnc.net.Addresses.text(ip.source()));
        boolean ports = (ip.protocol() == Protocols.TCP || ip.protocol() == Protocols.UDP) && ip.firstFragment() && ip.payloadLength() >= 4;
        if (ports) sb.append(':').append(Bytes.u16(b, ip.payloadOffset()));
        sb.append(" -> ").append(jnc.net.Addresses.text(ip.destination()));
        if (ports) sb.append(':').append(Bytes.u16(b, ip.payloadOffset() + 2));
        sb.append(" proto ").append(Protocols.name(ip.protocol())).append('\n');
    }

    private static void malformed(StringBuilder sb, String what, String reason, byte[] b, int off, int len) {
        sb.append(INDENT).append(what).append(" malformed: ").append(reason).append('\n');
        if (Decoded.inBounds(b, off, len)) hex(sb, b, off, len);
    }
}
