package jnc.ws;

import java.io.IOException;

/** The peer broke RFC 6455; {@link #code} is the close code we answered with (1002, 1007, 1009). */
final class WsProtocolException extends IOException {
    final int code;

    WsProtocolException(int code, String message) {
        super(message);
        this.code = code;
    }
}
