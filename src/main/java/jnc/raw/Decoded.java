package jnc.raw;

/**
 * What a decoder made of some bytes: the header, or why there is none. Decoders never throw, so a
 * short or hostile packet from the network becomes a {@link Malformed} with a reason to print.
 */
public sealed interface Decoded<T> {
    /** The bytes held a header. */
    record Ok<T>(T header) implements Decoded<T> {
    }

    /** The bytes did not hold a header; {@code reason} says why, for the user. */
    record Malformed<T>(String reason) implements Decoded<T> {
    }

    static <T> Decoded<T> ok(T header) {
        return new Ok<>(header);
    }

    static <T> Decoded<T> malformed(String reason) {
        return new Malformed<>(reason);
    }

    /** Whether {@code off} and {@code len} lie inside {@code data}; every decoder checks this first. */
    static boolean inBounds(byte[] data, int off, int len) {
        return data != null && off >= 0 && len >= 0 && off <= data.length && len <= data.length - off;
    }
}
