package jnc.relay;

import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The local side of a relay: where the bytes to send come from and where received bytes go.
 * Standard input/output is one; a child process ({@code -e}) or a service is another.
 */
public interface LocalEnd {
    /** Bytes to send to the network. */
    ReadableByteChannel source();

    /** Where the network's bytes go. */
    WritableByteChannel sink();

    /** The source as a regular file, so it can be sent with sendfile; {@code null} otherwise. */
    default FileChannel sourceFile() {
        return null;
    }

    /** Called once the network has said EOF: the sink gets no more bytes. */
    void closeSink();
}
