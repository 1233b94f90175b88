package jnc.cli;

import java.util.Set;

/**
 * Which of the options that shape a session (the data, timing and logging options) go with which
 * mode and local side. The parser's own checks come first and say more where they can; this table is
 * the net under them, so that no option is taken and then silently ignored.
 */
final class Applicability {
    private Applicability() {
    }

    /** The session options this table rules on (an array: an EnumSet of Opt's 100-odd values is one more class at every start). */
    private static final Opt[] SESSION = {Opt.CRLF, Opt.TELNET, Opt.DELAY, Opt.SEND_ONLY, Opt.RECV_ONLY,
            Opt.NO_SHUTDOWN, Opt.QUIT_AFTER_EOF, Opt.WAIT_STDIN, Opt.IDLE_TIMEOUT, Opt.OUTPUT, Opt.HEX_DUMP, Opt.APPEND_OUTPUT};

    /** Refuses the first given session option that {@code mode} with {@code local} would ignore. */
    static void check(Mode mode, LocalSide local, Set<Opt> given) throws UsageException {
        for (Opt opt : SESSION) {
            if (!given.contains(opt)) continue;
            String why = refusal(opt, mode, local);
            if (why != null) throw new UsageException(opt.display() + " does not go with " + why + ".");
        }
    }

    /**
     * Why {@code opt} means nothing in this run ("--echo: ..."), or null when it applies. An if
     * chain, not a pattern switch, whose bootstrap would cost start-up to every run with -q or -i.
     */
    private static String refusal(Opt opt, Mode mode, LocalSide local) {
        if (mode instanceof Mode.Scan) return "-z: a scan sends and receives nothing";
        if (mode instanceof Mode.Raw) return "--raw: it prints packets, it relays no session";
        if (mode instanceof Mode.Ping) return "--ping: it sends echo requests, it relays no session";
        if (mode instanceof Mode.Load) return opt == Opt.IDLE_TIMEOUT ? null : "--load: it measures an echo server, it relays no session";
        boolean logs = opt == Opt.OUTPUT || opt == Opt.HEX_DUMP || opt == Opt.APPEND_OUTPUT;
        if (local instanceof LocalSide.Stdio) {
            boolean hub = mode instanceof Mode.Listen l && l.keepOpen();
            return hub && opt == Opt.WAIT_STDIN ? "-l -k: stdin goes to every client until its own EOF, whoever closes" : null;
        }
        if (local instanceof LocalSide.Exec) return opt == Opt.WAIT_STDIN ? "-e/-c: the command, not stdin, is the other end" : null;
        if (local instanceof LocalSide.Echo) {
            return logs || opt == Opt.IDLE_TIMEOUT ? null : "--echo: the echo answers each byte as it comes, reading no stdin";
        }
        if (local instanceof LocalSide.Broker b) {
            return logs || opt == Opt.CRLF || opt == Opt.SEND_ONLY || opt == Opt.RECV_ONLY || opt == Opt.IDLE_TIMEOUT
                    ? null : (b.chat() ? "--chat" : "--broker") + ": the room relays each client's bytes to the others as they come";
        }
        if (local instanceof LocalSide.ProxyServer) {
            return opt == Opt.IDLE_TIMEOUT ? null : "the proxy server (-l --proxy-type): it relays each client's tunnel as it is";
        }
        if (local instanceof LocalSide.Forward) {
            return logs || opt == Opt.IDLE_TIMEOUT || opt == Opt.NO_SHUTDOWN ? null : "--forward: it relays two sockets as they are, reading no stdin";
        }
        return "--send/--receive: they speak a protocol of their own";
    }
}
