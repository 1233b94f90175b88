package jnc.echo;

/**
 * The clients of one loop, least recently active first, for {@code -i}. A client that moves bytes
 * goes to the end of the list, so the only client that can have been idle too long is the first:
 * finding the idle ones never looks at the others. The links live in {@link EchoConnection} itself,
 * so this costs no node per client and no work beyond relinking two neighbours.
 */
final class IdleList {
    private EchoConnection oldest;
    private EchoConnection newest;

    /** Marks {@code c} active at {@code now}: it moves to the end of the list (or joins it). */
    void touch(EchoConnection c, long now) {
        c.lastActive = now;
        if (c == newest) return;
        if (c.newer != null || c == oldest) remove(c);
        c.older = newest;
        c.newer = null;
        if (newest != null) newest.newer = c;
        newest = c;
        if (oldest == null) oldest = c;
    }

    void remove(EchoConnection c) {
        if (c.older != null) c.older.newer = c.newer;
        else if (oldest == c) oldest = c.newer;
        else return; // not in the list
        if (c.newer != null) c.newer.older = c.older;
        else newest = c.older;
        c.older = c.newer = null;
    }

    /** The least recently active client, or null. */
    EchoConnection oldest() {
        return oldest;
    }
}
