package jnc.transfer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The receiver detects what arrives from its first bytes: gzip, zstd, or a plain tar stream. */
final class Decoders {
    private Decoders() {
    }

    /** The decompressed tar stream; {@code kind[0]} is set to what was found. */
    static InputStream detect(InputStream raw, String[] kind) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 256 * 1024);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            kind[0] = "gzip";
            return new GzipDecoder(in);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            kind[0] = "zstd";
            return ZstdCodec.decoder(in);
        }
        kind[0] = "none";
        return in;
    }
}
