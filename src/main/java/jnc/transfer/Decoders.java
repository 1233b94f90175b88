package jnc.transfer;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;

import jnc.io.EndStreams;
import jnc.io.NetEnd;

/** The receiver detects what arrives from its first bytes: gzip, zstd, or a plain tar stream. */
final class Decoders {
    private Decoders() {
    }

    /**
     * The tar stream, read ahead on a thread of its own: decompressed, or, when it is not compressed,
     * read from the socket into direct buffers. {@code kind[0]} is set to what was found.
     */
    static Prefetch detect(NetEnd net, String[] kind) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        while (head.hasRemaining() && net.read(head) >= 0) {
            // the first four bytes, or fewer at the end of the stream
        }
        byte[] magic = java.util.Arrays.copyOf(head.array(), head.position());
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            kind[0] = "gzip";
            return Prefetch.of(new GzipDecoder(rest(magic, net)));
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            kind[0] = "zstd";
            return Prefetch.of(ZstdCodec.decoder(rest(magic, net)));
        }
        kind[0] = "none";
        return Prefetch.raw(net, magic);
    }

    /** The whole stream again: the bytes read to detect it, then the rest from the socket. */
    private static BufferedInputStream rest(byte[] magic, NetEnd net) {
        return new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(magic), EndStreams.in(net)), 256 * 1024);
    }
}
