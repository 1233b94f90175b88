package jnc.transfer.tar;

import java.io.IOException;

/** The stream is not a tar stream jnc accepts: a bad header, an over-long name, a cap exceeded. */
public final class TarFormatException extends IOException {
    public TarFormatException(String message) {
        super(message);
    }
}
