package jnc.cli;

/**
 * What the network end is relayed to. One of them per run: the parser refuses two.
 */
public sealed interface LocalSide {

    /** Standard input and output (a terminal gets a line editor). */
    record Stdio() implements LocalSide {
    }

    /**
     * {@code -e}/{@code -c}: a command per peer.
     *
     * @param command the command line
     * @param shell   true for {@code -c} (run through /bin/sh)
     */
    record Exec(String command, boolean shell) implements LocalSide {
    }

    /** {@code --echo}: the built-in echo service. */
    record Echo() implements LocalSide {
    }

    /**
     * {@code --broker}, or {@code --chat}: every peer's bytes go to every other peer.
     *
     * @param chat {@code --chat}: named lines, and the chat's manners
     */
    record Broker(boolean chat) implements LocalSide {
    }

    /** {@code -l --proxy-type http}: jnc is the HTTP proxy; {@code spec} has its type and credentials. */
    record ProxyServer(ProxySpec spec) implements LocalSide {
    }

    /** {@code --forward HOST:PORT}: each peer is relayed to a new TCP connection there. */
    record Forward(String host, int port) implements LocalSide {
    }

    /** {@code --send}/{@code --receive}: files and directories, in a protocol of their own. */
    record Files(TransferOptions transfer) implements LocalSide {
    }
}
