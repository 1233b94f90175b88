package jnc.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code argv} into a {@link Command}, GNU {@code getopt_long} style, as Ncat does: clustered
 * letters ({@code -vvl}), attached or separate values ({@code -p61111}, {@code -p 61111},
 * {@code --wait=2s}), unambiguous prefixes of long names, options after operands, and {@code --}.
 *
 * <p>It only parses and validates; it opens nothing and resolves no names.
 */
public final class ArgParser {

    /** What the command line asks for. */
    public sealed interface Command permits Run, ShowHelp, ShowVersion, Install {
    }

    /** {@code --install [DIR]} or {@code --uninstall [DIR]}; {@code dir} is null for the default place. */
    public record Install(boolean uninstall, String dir) implements Command {
    }

    public record Run(Options options) implements Command {
    }

    public record ShowHelp() implements Command {
    }

    public record ShowVersion() implements Command {
    }

    private final Map<Opt, List<String>> values = new EnumMap<>(Opt.class);
    private final List<String> operands = new ArrayList<>();

    private ArgParser() {
    }

    public static Command parse(String... args) throws UsageException {
        ArgParser p = new ArgParser();
        p.scan(args);
        if (p.has(Opt.HELP)) return new ShowHelp();
        if (p.has(Opt.VERSION)) return new ShowVersion();
        if (p.has(Opt.INSTALL) || p.has(Opt.UNINSTALL)) return p.install();
        return new Run(p.build());
    }

    // ---------------------------------------------------------------------------------------
    // Scanning

    private void scan(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < args.length; j++) operands.add(args[j]);
                return;
            } else if (a.startsWith("--")) {
                i = longOption(args, i);
            } else if (a.startsWith("-") && a.length() > 1) {
                i = shortOptions(args, i);
            } else if (a.length() > 1 && a.charAt(0) >= '\u2010' && a.charAt(0) <= '\u2212' && Typos.startsWithTypographicDash(a)) {
                // the range check first: an ordinary operand never loads the hint's class
                throw new UsageException(Typos.typographicDash(a));
            } else {
                operands.add(a);
            }
        }
    }

    private int longOption(String[] args, int i) throws UsageException {
        String body = args[i].substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        Opt opt = findLong(name, args[i]);
        if (opt == Opt.CODE) {
            // The one optional argument: a listener makes a code when given none; the next word is
            // the code only when it has a code's shape (a port or a host never has).
            String code = eq >= 0 ? body.substring(eq + 1) : i + 1 < args.length && looksLikeCode(args[i + 1]) ? args[i + 1] : null;
            record(opt, code);
            return code != null && eq < 0 ? i + 1 : i;
        }
        if (!opt.takesArgument()) {
            if (eq >= 0) throw new UsageException("option '--" + opt.longName + "' doesn't allow an argument");
            record(opt, null);
            return i;
        }
        if (eq >= 0) {
            record(opt, body.substring(eq + 1));
            return i;
        }
        if (i + 1 >= args.length) throw new UsageException("option '--" + opt.longName + "' requires an argument");
        record(opt, args[i + 1]);
        return i + 1;
    }

    /**
     * Whether a word is a {@code --code}: digits, a dash, then letters and dashes, such as
     * {@code 7-apfel-tisch}; a port or a host never has that shape.
     */
    static boolean looksLikeCode(String word) {
        int dash = word.indexOf('-');
        if (dash < 1 || dash == word.length() - 1 || word.length() > 200) return false;
        for (int i = 0; i < dash; i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') return false;
        }
        boolean letter = false;
        for (int i = dash + 1; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) letter = true;
            else if (c != '-') return false;
        }
        return letter;
    }

    private static Opt findLong(String name, String written) throws UsageException {
        Opt prefixMatch = null;
        boolean ambiguous = false;
        for (Opt o : Opt.values()) {
            if (o.longName == null) continue;
            if (o.longName.equals(name)) return o;
            if (!name.isEmpty() && o.longName.startsWith(name)) {
                ambiguous |= prefixMatch != null;
                prefixMatch = o;
            }
        }
        if (ambiguous) throw new UsageException("option '" + written + "' is ambiguous (try 'jnc --help')");
        if (prefixMatch == null) {
            String near = Typos.closestLongOption(name);
            if (near != null) throw new UsageException("unrecognized option '" + written + "' (did you mean --" + near + "?)");
            throw new UsageException("unrecognized option '" + written + "' (try 'jnc --help')");
        }
        return prefixMatch;
    }

    private int shortOptions(String[] args, int i) throws UsageException {
        String cluster = args[i];
        for (int k = 1; k < cluster.length(); k++) {
            char c = cluster.charAt(k);
            Opt opt = findShort(c);
            if (!opt.takesArgument()) {
                record(opt, null);
                continue;
            }
            if (k + 1 < cluster.length()) {
                record(opt, cluster.substring(k + 1));
                return i;
            }
            if (i + 1 >= args.length) throw new UsageException("option requires an argument -- '" + c + "'");
            record(opt, args[i + 1]);
            return i + 1;
        }
        return i;
    }

    private static Opt findShort(char c) throws UsageException {
        for (Opt o : Opt.values()) {
            if (o.shortName == c) return o;
        }
        // The course text's own typo: "-1" for "-l" (listen), the digit for the letter.
        if (c == '1') throw new UsageException("invalid option -- '1' (did you mean -l, the letter l for listen?)");
        throw new UsageException("invalid option -- '" + c + "' (try 'jnc --help')");
    }

    private void record(Opt opt, String value) {
        values.computeIfAbsent(opt, k -> new ArrayList<>(1)).add(value);
    }

    private boolean has(Opt opt) {
        return values.containsKey(opt);
    }

    private int count(Opt opt) {
        List<String> v = values.get(opt);
        return v == null ? 0 : v.size();
    }

    /** The last value given, as getopt users expect when an option is repeated. */
    private String value(Opt opt) {
        List<String> v = values.get(opt);
        return v == null ? null : v.getLast();
    }

    /** {@code --install}/{@code --uninstall} take at most a directory, and no other option. */
    private Install install() throws UsageException {
        if (has(Opt.INSTALL) && has(Opt.UNINSTALL)) throw new UsageException("--install and --uninstall cannot be used together.");
        if (values.size() > 1) throw new UsageException("--install and --uninstall take no other option, only a directory.");
        if (operands.size() > 1) throw new UsageException("--install and --uninstall take one directory at most.");
        return new Install(has(Opt.UNINSTALL), operands.isEmpty() ? null : operands.getFirst());
    }

    // ---------------------------------------------------------------------------------------
    // Building and validating

    /** {@code -e} or {@code --lua-exec}: a program run without a shell. */
    private boolean exec() {
        return has(Opt.EXEC) || has(Opt.LUA_EXEC);
    }

    private Options build() throws UsageException {
        WsUrl url = wsUrl();
        boolean chat = has(Opt.CHAT);
        boolean broker = has(Opt.BROKER) || chat; // --chat is a broker with manners
        boolean listen = has(Opt.LISTEN) || broker; // as in Ncat, a broker listens
        boolean keepOpen = has(Opt.KEEP_OPEN) || broker;

        if (has(Opt.IPV4) && has(Opt.IPV6)) throw new UsageException("-4 and -6 cannot be used together.");
        Family family = has(Opt.IPV4) ? Family.INET : has(Opt.IPV6) ? Family.INET6 : Family.ANY;

        if (has(Opt.SEND_ONLY) && has(Opt.RECV_ONLY)) {
            throw new UsageException("--send-only and --recv-only cannot be used together.");
        }
        if (listen && has(Opt.SOURCE)) {
            throw new UsageException("-l and -s are incompatible. Give the address to listen on like a host to connect to.");
        }
        if ((has(Opt.EXEC) ? 1 : 0) + (has(Opt.SH_EXEC) ? 1 : 0) + (has(Opt.LUA_EXEC) ? 1 : 0) > 1) {
            throw new UsageException("Only one of --exec, --sh-exec and --lua-exec is allowed.");
        }
        if (has(Opt.ECHO) && (exec() || has(Opt.SH_EXEC))) {
            throw new UsageException("--echo cannot be used with --exec or --sh-exec.");
        }
        if (has(Opt.WAIT_STDIN) && (broker || has(Opt.ECHO) || exec() || has(Opt.SH_EXEC) || has(Opt.FORWARD) || has(Opt.RECV_ONLY))) {
            throw new UsageException("--wait-stdin is about sending stdin: it does not go with -e, -c, --echo, --broker, --chat, --forward or --recv-only.");
        }
        if (has(Opt.QUIT_AFTER_EOF) && (broker || has(Opt.ECHO))) {
            throw new UsageException("-q acts on EOF on stdin, which --echo, --broker and --chat do not read.");
        }
        if (broker && (exec() || has(Opt.SH_EXEC) || has(Opt.ECHO))) {
            throw new UsageException("Invalid option combination: --broker/--chat with -e, -c or --echo.");
        }
        int load = has(Opt.LOAD) ? parseCount(value(Opt.LOAD), Opt.LOAD) : 0;
        if (load > 0 && listen) throw new UsageException("--load measures a server: it connects, it cannot be used with -l.");
        if (load == 0 && (has(Opt.MSG_SIZE) || has(Opt.DURATION))) throw new UsageException("--msg-size and --duration go with --load.");
        int msgSize = has(Opt.MSG_SIZE) ? parseCount(value(Opt.MSG_SIZE), Opt.MSG_SIZE) : 64;
        if (msgSize > 1 << 20) throw new UsageException("--msg-size is at most 1048576 bytes.");
        Duration duration = has(Opt.DURATION) ? TimeSpec.parsePositive(value(Opt.DURATION), Opt.DURATION) : Duration.ofSeconds(10);
        // --lua-exec FILE: the script run by a Lua interpreter, wired to the peer as -e's command is (Ncat's
        // scripts talk through io.read/io.write and read NCAT_* from os.getenv, which a standalone lua does alike).
        String command = has(Opt.LUA_EXEC) ? LuaScript.command(value(Opt.LUA_EXEC)) : has(Opt.EXEC) ? value(Opt.EXEC) : value(Opt.SH_EXEC);
        if (command != null && command.isBlank()) throw new UsageException("The command for -e/-c is empty.");
        boolean access = has(Opt.ALLOW) || has(Opt.ALLOWFILE) || has(Opt.DENY) || has(Opt.DENYFILE);
        if (!listen && access) throw new UsageException("Invalid option combination: allow/deny with connect.");
        if (!listen && keepOpen) throw new UsageException("Invalid option combination: --keep-open with connect.");
        if (!listen && has(Opt.MAX_CONNS)) throw new UsageException("Invalid option combination: --max-conns with connect.");

        // Socket kinds, scans and raw sockets.
        boolean unix = has(Opt.UNIXSOCK);
        boolean zeroIo = has(Opt.ZERO_IO);
        boolean raw = has(Opt.RAW);
        boolean ping = has(Opt.PING);
        Transport transport = has(Opt.SCTP) ? Transport.SCTP : has(Opt.UDP) ? Transport.UDP : Transport.TCP;
        boolean service = exec() || has(Opt.SH_EXEC) || has(Opt.ECHO) || broker || has(Opt.FORWARD);
        LocalSide.Forward forward = has(Opt.FORWARD) ? forward(listen, transport) : null;
        if (has(Opt.SCTP) && has(Opt.UDP)) throw new UsageException("UDP mode does not support SCTP.");
        if (has(Opt.SCTP) && keepOpen) throw new UsageException("-k is not supported with --sctp.");
        if (unix && has(Opt.SCTP)) throw new UsageException("-U and --sctp cannot be used together.");
        if (unix && (has(Opt.IPV4) || has(Opt.IPV6))) throw new UsageException("-U and -4/-6 cannot be used together.");
        // -U -u -s PATH: the client's own socket file, the return address its datagrams carry (as Ncat).
        if (unix && has(Opt.SOURCE) && !has(Opt.UDP)) throw new UsageException("-s goes with -U only for datagram sockets (-U -u): a stream client has no return address.");
        if (broker && transport == Transport.UDP) throw new UsageException("UDP mode does not support connection brokering.");
        if (zeroIo && listen) throw new UsageException("-z and -l cannot be used together.");
        if (zeroIo && unix) throw new UsageException("-z and -U cannot be used together.");
        if (zeroIo && service) throw new UsageException("-z sends nothing: it does not go with -e, -c, --echo, --broker or --chat.");
        if (raw && ping) throw new UsageException("--raw and --ping cannot be used together.");
        if ((raw || ping) && (listen || unix || zeroIo || service || has(Opt.UDP) || has(Opt.SCTP) || has(Opt.LOAD))) {
            throw new UsageException((raw ? "--raw" : "--ping") + " is a mode of its own: it does not go with -l, -u, -U, --sctp, -z, --load or a service.");
        }
        if ((raw || ping) && (has(Opt.OUTPUT) || has(Opt.HEX_DUMP))) {
            throw new UsageException("-o and -x do not go with --raw or --ping (--raw prints its hex dumps on stdout).");
        }
        if ((raw || ping) && has(Opt.SOURCE)) throw new UsageException("-s does not go with --raw or --ping.");
        if (has(Opt.RAW_PROTO) && !raw) throw new UsageException("--raw-proto goes with --raw.");
        if (has(Opt.COUNT) && !raw && !ping) throw new UsageException("--count goes with --raw or --ping.");
        if (has(Opt.INTERVAL) && !ping) throw new UsageException("--interval goes with --ping.");
        if (has(Opt.LOAD) && (transport != Transport.TCP || unix || zeroIo)) {
            throw new UsageException("--load measures TCP echo servers: it does not go with -u, -U, --sctp or -z.");
        }
        int rawProtocol = raw ? parseProtocol(has(Opt.RAW_PROTO) ? value(Opt.RAW_PROTO) : "icmp") : 0;
        int count = has(Opt.COUNT) ? parseCount(value(Opt.COUNT), Opt.COUNT) : 0;
        Duration interval = has(Opt.INTERVAL) ? TimeSpec.parsePositive(value(Opt.INTERVAL), Opt.INTERVAL) : Duration.ofSeconds(1);
        SocketTuning tuning = tuning();

        int sourcePort = -1;
        if (has(Opt.SOURCE_PORT)) sourcePort = parsePort(value(Opt.SOURCE_PORT), "Invalid source port", listen);

        int maxConns = Options.DEFAULT_MAX_CONNS;
        if (has(Opt.MAX_CONNS)) {
            maxConns = parseCount(value(Opt.MAX_CONNS), Opt.MAX_CONNS);
        }

        String host = null;
        int port = Options.DEFAULT_PORT;
        boolean portGiven = false;
        PortList ports = null;
        List<String> ops = operands;
        if (unix || raw || ping) {
            // The one operand is a path (-U) or a host (--ping; --raw's optional address filter).
            if (ops.size() > 1) throw new UsageException("Too many operands: " + String.join(" ", ops) + ".");
            if (sourcePort != -1) throw new UsageException("-p does not go with " + (unix ? "-U" : raw ? "--raw" : "--ping") + ".");
            host = ops.isEmpty() ? null : ops.getFirst();
            if (host != null && host.isEmpty()) host = null;
            if (unix && host == null) throw new UsageException("You must specify the path of a Unix domain socket.");
            if (ping && host == null) throw new UsageException("You must specify a host to ping.");
            port = 0;
        } else {
            if (!listen) {
                if (ops.isEmpty()) throw new UsageException("You must specify a host to connect to.");
                host = ops.getFirst();
                if (host.isEmpty()) throw new UsageException("You must specify a host to connect to.");
                if (isAllDigits(host)) {
                    throw new UsageException("You must specify a host to connect to (\"" + host + "\" looks like a port).");
                }
                ops = ops.subList(1, ops.size());
            } else if (!ops.isEmpty() && !isAllDigits(ops.getFirst())) {
                host = ops.getFirst();
                ops = ops.subList(1, ops.size());
            }
            if (zeroIo) {
                // nc's habits: "20-30,80", or several operands "20-30 80".
                if (ops.isEmpty()) throw new UsageException("-z needs the ports to scan (such as 20-30,80).");
                ports = PortList.parse(ops);
                port = ports.first();
            } else {
                if (ops.size() > 1 || (listen && sourcePort != -1 && ops.size() == 1)) {
                    StringBuilder all = new StringBuilder();
                    if (listen && sourcePort != -1) all.append(' ').append(sourcePort);
                    for (String x : ops) all.append(' ').append(x);
                    throw new UsageException("Got more than one port specification:" + all + ".");
                }
                portGiven = ops.size() == 1 || sourcePort != -1;
                if (ops.size() == 1) port = parsePort(ops.getFirst(), "Invalid port number", listen);
                if (listen && sourcePort != -1) {
                    port = sourcePort; // "jnc -l -p 61111" means "jnc -l 61111", as in nc
                    sourcePort = -1;
                }
                ports = PortList.of(port);
            }
        }

        ProxySpec proxy = has(Opt.PROXY) || has(Opt.PROXY_TYPE) || has(Opt.PROXY_AUTH) || has(Opt.PROXY_DNS)
                ? proxy(listen && forward == null, unix && forward == null, zeroIo, transport, raw || ping || load > 0,
                        service && forward == null, forward != null ? forward.host() : host) : null;
        // Ncat's proxy server listens on the HTTP proxy port when none is given.
        if (proxy != null && proxy.server() && !portGiven) {
            port = ProxySpec.Type.HTTP.defaultPort;
            ports = PortList.of(port);
        }

        Duration wait = has(Opt.WAIT) ? TimeSpec.parsePositive(value(Opt.WAIT), Opt.WAIT) : null;
        Duration idle = has(Opt.IDLE_TIMEOUT) ? TimeSpec.parsePositive(value(Opt.IDLE_TIMEOUT), Opt.IDLE_TIMEOUT) : null;
        Duration delay = has(Opt.DELAY) ? TimeSpec.parsePositive(value(Opt.DELAY), Opt.DELAY) : null;
        Duration quit = has(Opt.QUIT_AFTER_EOF) ? TimeSpec.parse(value(Opt.QUIT_AFTER_EOF), Opt.QUIT_AFTER_EOF) : null;

        TlsOptions tls = tls(listen, unix, transport, zeroIo || raw || ping || load > 0, proxy);
        if (url != null && url.secure() && tls == null) tls = new TlsOptions(null, null, false, null, null, null, List.of(), false, null);
        WsOptions ws = ws(url, listen, chat, transport, unix, zeroIo || raw || ping || load > 0, proxy);
        TransferOptions transfer = transfer(listen, keepOpen, unix, transport, service, proxy, zeroIo || raw || ping || load > 0);

        Mode mode;
        if (raw) mode = new Mode.Raw(rawProtocol, count);
        else if (ping) mode = new Mode.Ping(count, interval);
        else if (zeroIo) mode = new Mode.Scan(ports);
        else if (load > 0) mode = new Mode.Load(load, msgSize, duration);
        else if (listen) mode = new Mode.Listen(keepOpen, new DoorRules(maxConns, all(Opt.ALLOW), paths(Opt.ALLOWFILE), all(Opt.DENY), paths(Opt.DENYFILE)));
        else mode = new Mode.Connect();

        LocalSide local;
        if (command != null) local = new LocalSide.Exec(command, has(Opt.SH_EXEC));
        else if (has(Opt.ECHO)) local = new LocalSide.Echo();
        else if (broker) local = new LocalSide.Broker(chat);
        else if (forward != null) local = forward;
        else if (proxy != null && proxy.server()) local = new LocalSide.ProxyServer(proxy);
        else if (transfer != null) local = new LocalSide.Files(transfer);
        else local = new LocalSide.Stdio();
        if (proxy != null && proxy.server()) proxy = null; // the proxy jnc is, not one it connects through
        Applicability.check(mode, local, values.keySet());

        return new Options(mode, local,
                new Target(transport, unix, host, port, family, has(Opt.NODNS), value(Opt.SOURCE), sourcePort, wait),
                tuning,
                new SessionRules(idle, delay, quit, has(Opt.SEND_ONLY), has(Opt.RECV_ONLY), has(Opt.NO_SHUTDOWN), has(Opt.CRLF),
                        has(Opt.TELNET), has(Opt.WAIT_STDIN), !(listen && local instanceof LocalSide.Stdio)),
                new Logs(path(Opt.OUTPUT), path(Opt.HEX_DUMP), has(Opt.APPEND_OUTPUT)),
                count(Opt.VERBOSE), tls, proxy, ws);
    }

    /**
     * {@code --forward HOST:PORT}: each client of a listener is relayed to a new TCP connection. The
     * options that shape one byte stream from stdin (-C, -t, -d, --send-only, --recv-only) have no
     * side to apply to between two sockets, so they are refused rather than guessed.
     */
    private LocalSide.Forward forward(boolean listen, Transport transport) throws UsageException {
        if (!listen) throw new UsageException("--forward relays the clients of a listener: it goes with -l.");
        if (transport != Transport.TCP) throw new UsageException("--forward relays TCP: it does not go with -u or --sctp.");
        if (exec() || has(Opt.SH_EXEC) || has(Opt.ECHO) || has(Opt.BROKER) || has(Opt.CHAT) || has(Opt.PROXY_TYPE) && !has(Opt.PROXY)) {
            throw new UsageException("--forward is a service of its own: it does not go with -e, -c, --echo, --broker, --chat or the proxy server.");
        }
        for (Opt o : new Opt[] {Opt.CRLF, Opt.TELNET, Opt.DELAY, Opt.SEND_ONLY, Opt.RECV_ONLY}) {
            if (has(o)) throw new UsageException("--forward relays two sockets as they are: it does not go with " + o.display() + ".");
        }
        String spec = value(Opt.FORWARD);
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) throw new UsageException("--forward needs HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080.");
        String host = spec.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new LocalSide.Forward(host, parsePort(spec.substring(colon + 1), "Invalid port number", false));
    }

    /**
     * {@code --send}/{@code --receive}: a protocol of their own over one TCP connection (TLS and a
     * proxy allowed), so every option that changes or replaces the byte stream is refused with them.
     */
    private TransferOptions transfer(boolean listen, boolean keepOpen, boolean unix, Transport transport, boolean service,
            ProxySpec proxy, boolean otherMode) throws UsageException {
        boolean send = has(Opt.SEND);
        boolean receive = has(Opt.RECEIVE);
        if (!send && !receive) {
            if (has(Opt.COMPRESS)) throw new UsageException("--compress goes with --send.");
            if (has(Opt.FORCE)) throw new UsageException("--force goes with --receive.");
            return null;
        }
        String mode = send ? "--send" : "--receive";
        if (send && receive) throw new UsageException("--send and --receive cannot be used together: one side sends, the other receives.");
        if (transport != Transport.TCP || unix) throw new UsageException(mode + " works over TCP only: it does not go with -u, -U or --sctp.");
        if (otherMode || service) {
            throw new UsageException(mode + " is a mode of its own: it does not go with -z, --raw, --ping, --load, -e, -c, --echo, --broker, --chat or --forward.");
        }
        if (proxy != null && proxy.server()) throw new UsageException(mode + " does not go with the proxy server (-l --proxy-type).");
        if (has(Opt.SEND_ONLY) || has(Opt.RECV_ONLY) || has(Opt.NO_SHUTDOWN) || has(Opt.CRLF) || has(Opt.TELNET)
                || has(Opt.DELAY) || has(Opt.QUIT_AFTER_EOF) || has(Opt.OUTPUT) || has(Opt.HEX_DUMP) || has(Opt.APPEND_OUTPUT)
                || has(Opt.WAIT_STDIN)) {
            throw new UsageException(mode + " speaks a protocol of its own: it does not go with --send-only, --recv-only, --no-shutdown, -C, -t, -d, -q, -o, -x, --append-output or --wait-stdin.");
        }
        if (receive && keepOpen) throw new UsageException("--receive takes one sender: it does not go with -k (a listening --send serves many).");
        if (send && has(Opt.FORCE)) throw new UsageException("--force goes with --receive.");
        if (receive && has(Opt.COMPRESS)) throw new UsageException("--compress goes with --send: the receiver detects what arrives.");
        String kind = "gzip";
        int level = -1;
        if (has(Opt.COMPRESS)) {
            String spec = value(Opt.COMPRESS);
            int colon = spec.indexOf(':');
            kind = colon < 0 ? spec : spec.substring(0, colon);
            if (!kind.equals("gzip") && !kind.equals("zstd") && !kind.equals("none")) {
                throw new UsageException("Invalid --compress \"" + spec + "\" (gzip, zstd or none, with an optional level such as gzip:6).");
            }
            if (colon >= 0) {
                String l = spec.substring(colon + 1);
                int max = kind.equals("gzip") ? 9 : 19;
                if (kind.equals("none") || !isAllDigits(l) || l.length() > 2 || Integer.parseInt(l) > max || (kind.equals("zstd") && Integer.parseInt(l) == 0)) {
                    throw new UsageException("Invalid --compress level in \"" + spec + "\" (gzip 0-9, zstd 1-19, none has none).");
                }
                level = Integer.parseInt(l);
            }
        }
        List<Path> paths = paths(Opt.SEND);
        Path dir = receive ? path(Opt.RECEIVE) : null;
        return new TransferOptions(paths, dir, kind, level, has(Opt.FORCE));
    }

    /** The {@code --ssl*} options, or {@code null} when none was given; any of them implies {@code --ssl}, as in Ncat. */
    private TlsOptions tls(boolean listen, boolean unix, Transport transport, boolean otherMode, ProxySpec proxy) throws UsageException {
        boolean any = false;
        for (Opt opt : Opt.values()) any |= opt.section == Opt.Section.SSL && has(opt);
        if (!any) return null;
        if (transport == Transport.UDP) throw new UsageException("UDP mode does not support SSL.");
        if (transport == Transport.SCTP || unix) throw new UsageException("--ssl works over TCP only: it does not go with --sctp or -U.");
        if (otherMode) throw new UsageException("--ssl does not go with -z, --raw, --ping or --load.");
        if (has(Opt.SSL_CERT) != has(Opt.SSL_KEY)) throw new UsageException("--ssl-cert and --ssl-key go together: give both or neither.");
        String serverName = value(Opt.SSL_SERVERNAME);
        if (serverName != null && serverName.isEmpty()) throw new UsageException("--ssl-servername needs a name.");
        String ciphers = value(Opt.SSL_CIPHERS);
        if (ciphers != null && ciphers.isBlank()) throw new UsageException("--ssl-ciphers needs a list of cipher suites.");
        List<String> alpn = new ArrayList<>();
        if (has(Opt.SSL_ALPN)) {
            for (String p : value(Opt.SSL_ALPN).split(",")) {
                if (p.isEmpty() || p.length() > 255) throw new UsageException("Invalid --ssl-alpn list \"" + value(Opt.SSL_ALPN) + "\".");
                alpn.add(p);
            }
        }
        String tempKey = value(Opt.SSL_TEMP_KEY);
        if (tempKey != null) {
            if (!tempKey.equals("ec") && !tempKey.equals("rsa")) throw new UsageException("Invalid --ssl-temp-key \"" + tempKey + "\": ec or rsa.");
            if (!listen || has(Opt.SSL_CERT)) throw new UsageException("--ssl-temp-key is for listen mode without --ssl-cert.");
        }
        String code = has(Opt.CODE) ? (value(Opt.CODE) == null ? "" : value(Opt.CODE)) : null;
        if (code != null && code.isEmpty() && !listen) throw new UsageException("--code needs the code the listener printed, such as --code 7-apple-table.");
        if (code != null && !code.isEmpty() && !looksLikeCode(code)) {
            throw new UsageException("Invalid --code \"" + code + "\": a number and words, such as 7-apple-table.");
        }
        return new TlsOptions(path(Opt.SSL_CERT), path(Opt.SSL_KEY), has(Opt.SSL_VERIFY),
                path(Opt.SSL_TRUSTFILE), ciphers, serverName, alpn, "rsa".equals(tempKey), code);
    }

    /** A {@code ws://} or {@code wss://} URL given as the host: where to connect, and the path and Host header to ask for. */
    private record WsUrl(boolean secure, String path, String hostHeader) {
    }

    /**
     * Takes a {@code ws://HOST[:PORT]/PATH} (or {@code wss://}) operand apart: host and port become
     * the operands a plain {@code jnc HOST PORT} has, so everything after works as it does there.
     */
    private WsUrl wsUrl() throws UsageException {
        if (operands.isEmpty()) return null;
        String u = operands.getFirst();
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        boolean secure = lower.startsWith("wss://");
        if (!secure && !lower.startsWith("ws://")) return null;
        if (has(Opt.LISTEN) || has(Opt.BROKER) || has(Opt.CHAT)) throw new UsageException("A ws:// URL names a server to connect to: it does not go with -l.");
        if (operands.size() > 1) throw new UsageException("A ws:// URL has its port: no port operand goes with it.");
        String rest = u.substring(secure ? 6 : 5);
        int slash = rest.indexOf('/');
        int query = rest.indexOf('?');
        if (query >= 0 && (slash < 0 || query < slash)) slash = query; // ws://host?x=1 asks for /?x=1
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (path.startsWith("?")) path = "/" + path;
        int hash = path.indexOf('#');
        if (hash >= 0) throw new UsageException("A WebSocket URL has no fragment (#): \"" + u + "\".");
        if (authority.indexOf('@') >= 0) throw new UsageException("A WebSocket URL with user information is not supported: \"" + u + "\".");
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) throw new UsageException("Invalid WebSocket URL \"" + u + "\".");
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) port = after.substring(1);
            else if (!after.isEmpty()) throw new UsageException("Invalid WebSocket URL \"" + u + "\".");
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            if (colon >= 0) port = authority.substring(colon + 1);
        }
        if (host.isEmpty()) throw new UsageException("A WebSocket URL needs a host: \"" + u + "\".");
        if (port == null || port.isEmpty()) port = secure ? "443" : "80";
        operands.clear();
        operands.add(host);
        operands.add(port);
        return new WsUrl(secure, path, authority);
    }

    /** The WebSocket options, or {@code null} when neither {@code --ws}, {@code --web} nor a URL asks for WebSocket. */
    private WsOptions ws(WsUrl url, boolean listen, boolean chat, Transport transport, boolean unix, boolean otherMode, ProxySpec proxy)
            throws UsageException {
        boolean wanted = url != null || has(Opt.WS) || has(Opt.WEB);
        if (!wanted) {
            for (Opt opt : Opt.values()) {
                if (opt.section == Opt.Section.WS && has(opt)) throw new UsageException(opt.display() + " goes with --ws or a ws:// URL.");
            }
            return null;
        }
        if (transport != Transport.TCP || unix) throw new UsageException("--ws works over TCP: it does not go with -u, -U or --sctp.");
        if (otherMode) throw new UsageException("--ws does not go with -z, --raw, --ping or --load.");
        if (proxy != null && proxy.server()) throw new UsageException("--ws does not go with the proxy server (-l --proxy-type).");
        if (has(Opt.WEB) && !chat) throw new UsageException("--web goes with --chat: it serves the classroom chat page.");
        if (listen && has(Opt.HEADER)) throw new UsageException("-H adds to a WebSocket client's handshake: it does not go with -l.");
        if (url != null && has(Opt.WS_PATH)) throw new UsageException("--ws-path does not go with a ws:// URL: the URL has the path.");
        if (has(Opt.WEB) && has(Opt.WS_PATH)) throw new UsageException("--ws-path does not go with --web: the page picks its own path.");
        String path = url != null ? url.path() : value(Opt.WS_PATH);
        if (path != null && !path.startsWith("/")) throw new UsageException("Invalid --ws-path \"" + path + "\" (it starts with /).");
        if (path == null && !listen) path = "/";
        for (String h : all(Opt.HEADER)) {
            int colon = h.indexOf(':');
            if (colon <= 0 || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0 || h.substring(0, colon).indexOf(' ') >= 0) {
                throw new UsageException("Invalid -H header \"" + h + "\" (give 'Name: value').");
            }
        }
        List<String> protocols = new ArrayList<>();
        if (has(Opt.WS_PROTOCOL)) {
            for (String p : value(Opt.WS_PROTOCOL).split(",")) {
                String t = p.trim();
                if (t.isEmpty() || t.indexOf(' ') >= 0) throw new UsageException("Invalid --ws-protocol list \"" + value(Opt.WS_PROTOCOL) + "\".");
                protocols.add(t);
            }
        }
        Duration ping = has(Opt.PING_INTERVAL) ? TimeSpec.parsePositive(value(Opt.PING_INTERVAL), Opt.PING_INTERVAL) : null;
        long max = has(Opt.WS_MAX_MSG) ? parseCount(value(Opt.WS_MAX_MSG), Opt.WS_MAX_MSG) : WsOptions.DEFAULT_MAX_MESSAGE;
        return new WsOptions(path, url != null ? url.hostHeader() : null, has(Opt.BINARY), all(Opt.HEADER), protocols, ping, max, has(Opt.WEB));
    }

    /** {@code -l --proxy-type http}: jnc is the proxy; a service of its own, over TCP. */
    private ProxySpec proxyServer(boolean unix, Transport transport, boolean service) throws UsageException {
        if (unix || transport != Transport.TCP || service) {
            throw new UsageException("The proxy server (-l --proxy-type) is a TCP service of its own: it does not go with -u, -U, --sctp, -e, -c, --echo, --broker or --chat.");
        }
        if (has(Opt.PROXY_DNS)) throw new UsageException("--proxy-dns goes with --proxy.");
        return ProxySpec.server(value(Opt.PROXY_TYPE), has(Opt.PROXY_AUTH) ? value(Opt.PROXY_AUTH) : System.getenv("NCAT_PROXY_AUTH"));
    }

    /** The proxy options, checked against the mode: a proxy carries one TCP connection made by jnc. */
    private ProxySpec proxy(boolean listen, boolean unix, boolean zeroIo, Transport transport, boolean otherMode, boolean service, String host)
            throws UsageException {
        if (!has(Opt.PROXY)) {
            if (listen && has(Opt.PROXY_TYPE)) return proxyServer(unix, transport, service);
            if (has(Opt.PROXY_TYPE)) throw new UsageException("Proxy type (--proxy-type) specified without proxy address (--proxy).");
            throw new UsageException((has(Opt.PROXY_AUTH) ? "--proxy-auth" : "--proxy-dns") + " goes with --proxy.");
        }
        if (listen) throw new UsageException("Invalid option combination: --proxy and -l.");
        if (unix || zeroIo || transport != Transport.TCP || otherMode) {
            throw new UsageException("--proxy carries one TCP connection: it does not go with -u, -U, --sctp, -z, --load, --raw or --ping.");
        }
        if (value(Opt.PROXY).isEmpty()) throw new UsageException("--proxy needs an address.");
        // Ncat's way to keep the credentials out of the process list; the option wins.
        String auth = has(Opt.PROXY_AUTH) ? value(Opt.PROXY_AUTH) : System.getenv("NCAT_PROXY_AUTH");
        ProxySpec spec = ProxySpec.parse(value(Opt.PROXY), value(Opt.PROXY_TYPE), auth, value(Opt.PROXY_DNS));
        if (spec.type() == ProxySpec.Type.SOCKS4 && host != null && host.indexOf(':') >= 0) {
            throw new UsageException("IPv6 addresses are not supported with SOCKS4: \"" + host + "\".");
        }
        return spec;
    }

    private SocketTuning tuning() throws UsageException {
        int ttl = -1;
        if (has(Opt.TTL)) {
            ttl = parseCount(value(Opt.TTL), Opt.TTL);
            if (ttl > 255) throw new UsageException("Invalid --ttl value \"" + value(Opt.TTL) + "\" (1-255).");
        }
        return new SocketTuning(
                has(Opt.SNDBUF) ? parseCount(value(Opt.SNDBUF), Opt.SNDBUF) : -1,
                has(Opt.RCVBUF) ? parseCount(value(Opt.RCVBUF), Opt.RCVBUF) : -1,
                has(Opt.TOS) ? SocketTuning.parseTos(value(Opt.TOS)) : -1,
                ttl, has(Opt.KEEPALIVE), has(Opt.REUSEADDR), has(Opt.REUSEPORT));
    }

    /** An IP protocol by name or number, for {@code --raw-proto}. */
    private static int parseProtocol(String text) throws UsageException {
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "icmp": return 1;
            case "tcp": return 6;
            case "udp": return 17;
            case "icmp6", "ipv6-icmp", "icmpv6": return 58;
            default:
                if (isAllDigits(text) && text.length() <= 3 && Integer.parseInt(text) <= 255) return Integer.parseInt(text);
                throw new UsageException("Invalid --raw-proto \"" + text + "\" (icmp, tcp, udp, icmp6 or a number 0-255).");
        }
    }

    /** Every value of a repeatable option, in order. */
    private List<String> all(Opt opt) {
        List<String> v = values.get(opt);
        return v == null ? List.of() : v;
    }

    private List<Path> paths(Opt opt) throws UsageException {
        List<Path> out = new ArrayList<>();
        for (String v : all(opt)) {
            if (v.isEmpty()) throw new UsageException(opt.display() + " needs a file name.");
            out.add(Path.of(v));
        }
        return out;
    }

    private Path path(Opt opt) throws UsageException {
        String v = value(opt);
        if (v == null) return null;
        if (v.isEmpty()) throw new UsageException(opt.display() + " needs a file name.");
        return Path.of(v);
    }

    /** Ports 1-65535; in listen mode 0 is allowed and means "any free port" (shown with -v). */
    private static int parsePort(String text, String what, boolean listen) throws UsageException {
        if (!isAllDigits(text) || text.length() > 5) throw new UsageException(what + " \"" + text + "\".");
        int p = Integer.parseInt(text);
        if (p > 65535 || (p == 0 && !listen)) throw new UsageException(what + " \"" + text + "\".");
        return p;
    }

    private static int parseCount(String text, Opt opt) throws UsageException {
        if (!isAllDigits(text) || text.length() > 9 || Integer.parseInt(text) == 0) {
            throw new UsageException("Invalid " + opt.display() + " value \"" + text + "\" (must be a whole number greater than 0).");
        }
        return Integer.parseInt(text);
    }

    private static boolean isAllDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
