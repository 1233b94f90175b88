package jnc.io;

import jnc.base.ExitCode;

/**
 * What serves one peer in listen mode, or the one peer of connect mode: the relay to stdin/stdout or
 * a command, echo, the {@code -k} stdin hub, broker, chat, the HTTP proxy, the forwarder. It returns
 * when the peer's session is over; whoever handed it the peer closes it.
 */
@FunctionalInterface
public interface Service {
    ExitCode serve(NetEnd peer);
}
