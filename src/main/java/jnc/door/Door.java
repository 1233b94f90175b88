package jnc.door;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import jnc.base.Diag;
import jnc.cli.DoorRules;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.net.Say;

/**
 * The one door of listen mode, for every transport and every service: {@code --allow}/{@code --deny}
 * ({@link Gate}), at most {@code -m} peers at once ({@link Slots}), and the {@code -v} line that says
 * which peer came in or why it did not. Every {@link Acceptor} asks it as soon as a peer shows up.
 */
public final class Door implements Admission {
    private final Gate gate;
    private final Slots slots;

    Door(Gate gate, int maxConns) {
        this.gate = gate;
        this.slots = new Slots(maxConns);
    }

    /** The door the rules describe; names in the allow and deny lists are resolved now, once ({@code noDns}: {@code -n}). */
    public static Door of(DoorRules rules, boolean noDns) {
        return new Door(Gate.of(rules, noDns), rules.maxConns());
    }

    @Override
    public boolean admit(SocketAddress remote, Acceptor from) {
        // A Unix socket's peer has no address to judge and always may come in.
        if (remote instanceof InetSocketAddress r && !gate.admits(r.getAddress())) {
            if (Diag.verbose()) Diag.verbose(from.connectionLine(remote, Say.DENIED));
            return false;
        }
        if (!slots.tryTake()) {
            if (Diag.verbose()) Diag.verbose(from.connectionLine(remote, Say.refused(slots.max())));
            return false;
        }
        if (Diag.verbose()) Diag.verbose(from.connectionLine(remote, Say.RECEIVED));
        return true;
    }

    /** Gives back the place of a peer whose session is over. */
    public void release() {
        slots.release();
    }

    /** How many peers are in now. */
    public int inside() {
        return slots.taken();
    }
}
