package jnc.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few pieces of ASN.1 DER that a certificate and a key file need, written and read by hand.
 *
 * <p>DER is tag, length, value (TLV): one tag byte (0x30 SEQUENCE, 0x02 INTEGER, ...), the length
 * of the value (one byte below 128; else 0x80 + how many length bytes follow, big-endian), then
 * the value itself. A SEQUENCE's value is simply its elements' encodings one after another.
 */
final class Der {
    static final int INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, NULL = 0x05, OID = 0x06,
            UTF8_STRING = 0x0c, UTC_TIME = 0x17, GENERALIZED_TIME = 0x18, SEQUENCE = 0x30, SET = 0x31;

    private Der() {
    }

    /** One element: tag, length, value. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    static byte[] set(byte[]... elements) {
        return tlv(SET, concat(elements));
    }

    /** {@code [n] EXPLICIT}: a constructed context-specific tag around one whole element. */
    static byte[] explicit(int n, byte[] element) {
        return tlv(0xa0 | n, element);
    }

    /** Two's complement, big-endian, shortest form: BigInteger's own encoding is exactly that. */
    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    /** The first byte says how many bits of the last byte are unused: always 0 for us. */
    static byte[] bitString(byte[] bits) {
        byte[] v = new byte[bits.length + 1];
        System.arraycopy(bits, 0, v, 1, bits.length);
        return tlv(BIT_STRING, v);
    }

    static byte[] octetString(byte[] bytes) {
        return tlv(OCTET_STRING, bytes);
    }

    static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An object identifier such as {@code 2.5.4.3}: the first two arcs share one byte (40 * a + b),
     * every arc is written base 128, high bit set on all bytes but its last.
     */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, 40L * Long.parseLong(arcs[0]) + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) writeBase128(out, Long.parseLong(arcs[i]));
        return tlv(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long v) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) (v >>> (7 * i)) & 0x7f;
            out.write(i > 0 ? b | 0x80 : b);
        }
    }

    /** X.509 times: UTCTime (two-digit year) through 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
    static byte[] time(ZonedDateTime t) {
        ZonedDateTime utc = t.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return tlv(UTC_TIME, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------
    // Reading, just enough to look inside a key file

    /** One element read from {@code der}: its tag and where its value lies. */
    record Element(int tag, byte[] der, int start, int end) {
        byte[] value() {
            return java.util.Arrays.copyOfRange(der, start, end);
        }

        /** The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag). */
        java.util.List<Element> children() {
            java.util.List<Element> out = new java.util.ArrayList<>();
            int at = start;
            while (at < end) {
                Element e = read(der, at, end);
                out.add(e);
                at = e.end;
            }
            return out;
        }

        /** The dotted form of an OBJECT IDENTIFIER. */
        String oid() {
            if (tag != OID || start >= end) throw new IllegalArgumentException("not an object identifier");
            StringBuilder sb = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (int i = start; i < end; i++) {
                arc = (arc << 7) | (der[i] & 0x7f);
                if ((der[i] & 0x80) != 0) continue;
                if (first) {
                    int a = (int) Math.min(2, arc / 40);
                    sb.append(a).append('.').append(arc - 40L * a);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
            }
            return sb.toString();
        }
    }

    /** Reads the element that starts at {@code at}; it must end by {@code limit}. */
    static Element read(byte[] der, int at, int limit) {
        if (at + 2 > limit) throw new IllegalArgumentException("truncated DER");
        int tag = der[at] & 0xff;
        int len = der[at + 1] & 0xff;
        int pos = at + 2;
        if (len >= 0x80) {
            int bytes = len & 0x7f;
            if (bytes == 0 || bytes > 4 || pos + bytes > limit) throw new IllegalArgumentException("bad DER length");
            len = 0;
            for (int i = 0; i < bytes; i++) len = (len << 8) | (der[pos++] & 0xff);
        }
        if (len < 0 || len > limit - pos) throw new IllegalArgumentException("truncated DER"); // not pos + len: it can overflow
        return new Element(tag, der, pos, pos + len);
    }

    static Element read(byte[] der) {
        return read(der, 0, der.length);
    }
}
