package jnc.serve;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.io.IdleWatch;
import jnc.io.NetEnd;
import jnc.io.Service;
import jnc.session.Relay;

/**
 * {@code -i} for a service that keeps many peers at once (the {@code -k} hub, broker, chat): each
 * peer is watched, and one with no byte either way for the limit is closed with the relay's words
 * at {@code -v}. The others go on.
 */
public record Idle(Service service, IdleWatch watch) implements Service {
    @Override
    public ExitCode serve(NetEnd peer) {
        IdleWatch.Watched watched = watch.watch(peer);
        try {
            return service.serve(watched);
        } finally {
            watched.forget();
            if (IdleWatch.idled(watched)) Diag.verbose("jnc: " + Relay.idleMessage(watch.limit()));
        }
    }
}
