package jnc.io;

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

    /** A pipe descriptor the source can be spliced from (zero copy), or -1. */
    default int sourcePipeFd() {
        return -1;
    }

    /** A stream socket the source can be spliced from (through a pipe), or -1. */
    default int sourceSocketFd() {
        return -1;
    }

    /** A descriptor the sink can be spliced into (a pipe, or /dev/null through a pipe), or -1. */
    default int sinkSpliceFd() {
        return -1;
    }

    /** Whether splicing into {@link #sinkSpliceFd()} needs a pipe in between (it is not a pipe itself). */
    default boolean sinkNeedsPipe() {
        return false;
    }

    /** Whether a person types the source (a terminal): then nothing is in flight when the peer hangs up. */
    default boolean interactive() {
        return false;
    }

    /**
     * Whether the session may end when this source has been silent for a moment after the peer
     * closed: stdin, as Ncat (a pipe that stays open must not keep a finished session forever); not a
     * command, whose answer may take its time.
     */
    default boolean endsWhenQuiet() {
        return false;
    }

    /**
     * Whether its source may be read on a virtual thread: a socket, whose blocking read frees the
     * carrier. A pipe or a terminal would pin it (and the JDK would add carriers, up to a limit).
     */
    default boolean readsOnVirtualThreads() {
        return false;
    }

    /**
     * Whether the sink may stop taking bytes while the session goes on: a command that closed its
     * stdin, or ended having written its answer ({@code -e "echo abc"}); what arrives then is dropped
     * and what it said still goes out, as with Ncat. Any other sink that fails ends the session.
     */
    default boolean sinkClosesEarly() {
        return false;
    }

    /** The session failed: stop whatever still feeds or drains this end (a command that would block it forever). */
    default void abort() {
    }

    /** Called once the network has said EOF: the sink gets no more bytes. */
    void closeSink();

    /**
     * A network end on the local side of a relay ({@code --forward}'s connection to its target): the
     * relay then joins two sockets, byte for byte, and half-closes each when the other has finished.
     */
    static LocalEnd of(NetEnd end) {
        return new LocalEnd() {
            @Override
            public ReadableByteChannel source() {
                return end;
            }

            @Override
            public WritableByteChannel sink() {
                return end;
            }

            @Override
            public int sourceSocketFd() {
                return end.fd();
            }

            @Override
            public boolean readsOnVirtualThreads() {
                return true;
            }

            @Override
            public int sinkSpliceFd() {
                return end.fd();
            }

            @Override
            public boolean sinkNeedsPipe() {
                return true; // socket to socket: splice needs a pipe in between
            }

            @Override
            public void closeSink() {
                try {
                    end.shutdownOutput();
                } catch (java.io.IOException e) {
                    // the far side is gone: the relay's other direction will hear of it
                }
            }
        };
    }
}
