package jnc.door;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

import jnc.base.Diag;
import jnc.cli.DoorRules;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.net.Say;

/**
 * The one door of listen mode, for every transport and every service: {@code --allow}/{@code --deny}
 * ({@link Gate}), at most {@code -m} peers at once ({@link Slots}; with {@code -k} a full door sheds
 * a stuck peer to let a newcomer in, {@link Shedding}), and the {@code -v} line that says
 * which peer came in or why it did not. Every {@link Acceptor} asks it as soon as a peer shows up.
 */
public final class Door implements Admission {
    private final Gate gate;
    private final Slots slots;
    /** Set before the first accept, with -k; null otherwise. */
    private Shedding shedding;

    Door(Gate gate, int maxConns) {
        this.gate = gate;
        this.slots = new Slots(maxConns);
    }

    /** The door the rules describe; names in the allow and deny lists are resolved now, once ({@code noDns}: {@code -n}). */
    public static Door of(DoorRules rules, boolean noDns) {
        return new Door(Gate.of(rules, noDns), rules.maxConns());
    }

    /**
     * With {@code -k}: when every place is taken, a stream client may take the place of a stuck peer
     * that has long moved no data ({@link Shedding}). Without {@code -k} there is one peer and nothing to shed.
     */
    public void shedStuckPeers() {
        shedding = new Shedding(slots.max());
    }

    @Override
    public boolean admit(SocketAddress remote, Acceptor from) {
        return admit(remote, from, null);
    }

    @Override
    public boolean admit(SocketAddress remote, Acceptor from, SocketChannel client) {
        // A Unix socket's peer has no address to judge and always may come in.
        if (remote instanceof InetSocketAddress r && !gate.admits(r.getAddress())) {
            if (Diag.verbose()) Diag.verbose(from.connectionLine(remote, Say.DENIED));
            return false;
        }
        Shedding shed = client == null ? null : shedding;
        if (!slots.tryTake()) {
            if (shed == null || !shed.makeRoom(from)) {
                if (Diag.verbose()) Diag.verbose(from.connectionLine(remote, Say.refused(slots.max())));
                return false;
            }
            slots.takeShedPlace();
        }
        if (shed != null) shed.enter(client, remote);
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
