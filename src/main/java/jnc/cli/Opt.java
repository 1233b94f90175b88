package jnc.cli;

/**
 * The one option table. The parser, {@code --help}, the man page and the shell completion
 * are all generated from it, so an option exists exactly once.
 *
 * <p>Names follow Nmap's Ncat wherever Ncat has the option, so a user's habits carry over.
 */
public enum Opt {
    // --- mode -------------------------------------------------------------------------------
    LISTEN('l', "listen", null, Section.MODE, "Bind and listen for incoming connections"),
    KEEP_OPEN('k', "keep-open", null, Section.MODE, "Accept multiple connections in listen mode"),
    MAX_CONNS('m', "max-conns", "n", Section.MODE, "Maximum <n> simultaneous connections (default 100 with -k)"),
    ZERO_IO('z', null, null, Section.MODE, "Zero-I/O mode: report which ports are open (port lists and ranges: 20-30,80)"),

    // --- socket kinds -----------------------------------------------------------------------
    UDP('u', "udp", null, Section.KIND, "Use UDP instead of default TCP"),
    UNIXSOCK('U', "unixsock", null, Section.KIND, "Use Unix domain sockets only (the host operand is the socket's path)"),
    SCTP('\0', "sctp", null, Section.KIND, "Use SCTP instead of default TCP"),

    // --- raw sockets ------------------------------------------------------------------------
    RAW('\0', "raw", null, Section.RAW, "Raw socket: decode and print every packet received (IP, ICMP, TCP, UDP headers, hex payload); the host operand filters by address"),
    RAW_PROTO('\0', "raw-proto", "proto", Section.RAW, "Protocol for --raw: icmp, tcp, udp, icmp6 or a number (default icmp)"),
    PING('\0', "ping", null, Section.RAW, "ICMP echo: ping the host and print round-trip times"),
    COUNT('\0', "count", "n", Section.RAW, "Stop --raw or --ping after <n> packets"),
    INTERVAL('\0', "interval", "time", Section.RAW, "Time between --ping requests (default 1s)"),

    // --- services: what answers instead of stdin/stdout ------------------------------------
    EXEC('e', "exec", "command", Section.SERVICE, "Executes the given command, its stdin/stdout connected to the peer"),
    SH_EXEC('c', "sh-exec", "command", Section.SERVICE, "Executes the given command via /bin/sh"),
    LUA_EXEC('\0', "lua-exec", "file", Section.SERVICE, "Runs an Ncat Lua script with the Lua interpreter on the PATH (lua5.4, lua5.3 or lua), its io.read/io.write connected to the peer as -e's command"),
    ECHO('\0', "echo", null, Section.SERVICE, "Built-in echo service: sends back every byte it receives"),
    BROKER('\0', "broker", null, Section.SERVICE, "Connection broker: relays each client's bytes to all other clients (implies -l -k)"),
    CHAT('\0', "chat", null, Section.SERVICE, "Chat server: like --broker, with <userN> names, announcements and escaped control bytes"),
    FORWARD('\0', "forward", "host:port", Section.SERVICE, "Relay each client to a new connection to <host:port> (with -l; --proxy applies to that connection)"),

    // --- measuring client -------------------------------------------------------------------
    LOAD('\0', "load", "n", Section.MEASURE, "Measuring client: <n> connections to an echo server, each sending a message and awaiting its echo, in a loop"),
    MSG_SIZE('\0', "msg-size", "bytes", Section.MEASURE, "Message size for --load (default 64)"),
    DURATION('\0', "duration", "time", Section.MEASURE, "How long --load measures (default 10s)"),

    // --- TLS/SSL (any --ssl-* implies --ssl, as in Ncat) -------------------------------------
    SSL('\0', "ssl", null, Section.SSL, "Connect or listen with TLS (SSL); connect mode does not verify the server unless --ssl-verify"),
    SSL_CERT('\0', "ssl-cert", "file", Section.SSL, "PEM certificate (chain) to present, server's or client's; listen mode without it makes a temporary self-signed one"),
    SSL_KEY('\0', "ssl-key", "file", Section.SSL, "PEM private key for --ssl-cert (PKCS#8, RSA or EC)"),
    SSL_VERIFY('\0', "ssl-verify", null, Section.SSL, "Verify the server's certificate chain and host name (connect mode)"),
    SSL_TRUSTFILE('\0', "ssl-trustfile", "file", Section.SSL, "PEM file of trusted certificates for --ssl-verify, instead of the system's CA bundle"),
    SSL_CIPHERS('\0', "ssl-ciphers", "list", Section.SSL, "Cipher suites, ':'-separated: OpenSSL names (ECDHE-RSA-AES128-GCM-SHA256) or JSSE names (TLS_AES_128_GCM_SHA256); keywords such as ALL, HIGH or !aNULL keep the JDK's defaults"),
    SSL_SERVERNAME('\0', "ssl-servername", "name", Section.SSL, "Server name to send (SNI) and verify, instead of the target host"),
    SSL_ALPN('\0', "ssl-alpn", "list", Section.SSL, "ALPN protocols to offer, comma-separated (such as h2,http/1.1)"),
    SSL_TEMP_KEY('\0', "ssl-temp-key", "type", Section.SSL, "Key of listen mode's temporary certificate: ec (P-384, the default: made in milliseconds) or rsa (2048 bits, as Ncat's)"),
    CODE('\0', "code", null, Section.SSL, "[code] End-to-end security from a short code: TLS, then a PAKE bound to it proves both sides know the code; -l without one makes and prints a code, the other side gives it (--code 7-apple-table)"),

    // --- file transfer ----------------------------------------------------------------------
    SEND('\0', "send", "path", Section.TRANSFER, "Send a file or a directory tree (repeatable) as a verified tar stream, gzip by default"),
    RECEIVE('\0', "receive", "dir", Section.TRANSFER, "Receive files into <dir>: each one checked and renamed into place only once verified"),
    COMPRESS('\0', "compress", "kind", Section.TRANSFER, "--send's compression: gzip (the default), zstd or none, with an optional level (gzip:6, zstd:3)"),
    FORCE('\0', "force", null, Section.TRANSFER, "--receive may overwrite existing files"),
    // --- WebSocket (a layer over TCP or TLS, as in RFC 6455) -----------------------------
    WS('\0', "ws", null, Section.WS, "WebSocket: connect (as a ws:// URL does) or, with -l, accept WebSocket clients; lines are text messages"),
    WS_PATH('\0', "ws-path", "path", Section.WS, "Request path for --ws (default /); with -l, the only path served"),
    BINARY('\0', "binary", null, Section.WS, "WebSocket: send each read as one binary message and write messages as raw bytes"),
    HEADER('H', "header", "'Name: value'", Section.WS, "WebSocket client: add a header line to the handshake (repeatable)"),
    WS_PROTOCOL('\0', "ws-protocol", "list", Section.WS, "WebSocket subprotocols, comma-separated: offered (client) or accepted (server)"),
    PING_INTERVAL('\0', "ping-interval", "time", Section.WS, "WebSocket: send a ping every <time>"),
    WS_MAX_MSG('\0', "ws-max-msg", "bytes", Section.WS, "WebSocket: largest message accepted, closing with 1009 beyond it (default 64 MiB)"),
    WEB('\0', "web", null, Section.WS, "With --chat: serve the classroom chat page to browsers on the same port (implies --ws)"),

    // --- access control (listen mode) -----------------------------------------------------
    ALLOW('\0', "allow", "hosts", Section.ACCESS, "Allow only given hosts to connect (addresses, CIDR, ranges, names; comma-separated)"),
    ALLOWFILE('\0', "allowfile", "file", Section.ACCESS, "A file of hosts allowed to connect, one per line"),
    DENY('\0', "deny", "hosts", Section.ACCESS, "Deny given hosts from connecting (deny wins over allow, as in Ncat)"),
    DENYFILE('\0', "denyfile", "file", Section.ACCESS, "A file of hosts denied from connecting"),

    // --- addresses --------------------------------------------------------------------------
    IPV4('4', null, null, Section.ADDRESS, "Use IPv4 only"),
    IPV6('6', null, null, Section.ADDRESS, "Use IPv6 only"),
    SOURCE_PORT('p', "source-port", "port", Section.ADDRESS, "Source port to use (with -l: the port to listen on)"),
    SOURCE('s', "source", "addr", Section.ADDRESS, "Source address to use (doesn't affect -l; with -U -u, the client's own socket path)"),
    NODNS('n', "nodns", null, Section.ADDRESS, "Do not resolve hostnames via DNS"),

    // --- proxy (connect mode) ---------------------------------------------------------------
    PROXY('\0', "proxy", "addr[:port]", Section.PROXY, "Connect through a proxy at <addr[:port]> (IPv6 as [addr]:port; default port 1080 for SOCKS, 3128 for HTTP)"),
    PROXY_TYPE('\0', "proxy-type", "type", Section.PROXY, "Proxy protocol: http (CONNECT, the default), socks4 or socks5; with -l, be an HTTP proxy (CONNECT, GET, HEAD, POST; default port 3128) that relays to any address, loopback included: restrict it with --allow or --proxy-auth"),
    PROXY_AUTH('\0', "proxy-auth", "auth", Section.PROXY, "Proxy credentials: user:pass for http and socks5, a user id for socks4 (or env NCAT_PROXY_AUTH); with -l, what clients must give"),
    PROXY_DNS('\0', "proxy-dns", "type", Section.PROXY, "Where the target's name is resolved: local, remote (the default), both or none"),

    // --- socket options ---------------------------------------------------------------------
    SNDBUF('\0', "sndbuf", "bytes", Section.SOCKOPT, "Socket send buffer size (SO_SNDBUF)"),
    RCVBUF('\0', "rcvbuf", "bytes", Section.SOCKOPT, "Socket receive buffer size (SO_RCVBUF)"),
    TOS('\0', "tos", "value", Section.SOCKOPT, "IP TOS / traffic class: 0-255, 0x.., or a DSCP name (ef, af11-af43, cs0-cs7)"),
    TTL('\0', "ttl", "n", Section.SOCKOPT, "IP time to live / IPv6 hop limit (1-255)"),
    KEEPALIVE('\0', "keepalive", null, Section.SOCKOPT, "Enable TCP keep-alive probes (SO_KEEPALIVE)"),
    REUSEADDR('\0', "reuseaddr", null, Section.SOCKOPT, "Set SO_REUSEADDR (listeners set it already)"),
    REUSEPORT('\0', "reuseport", null, Section.SOCKOPT, "Set SO_REUSEPORT: several listeners may share the port"),

    // --- data -------------------------------------------------------------------------------
    CRLF('C', "crlf", null, Section.DATA, "Use CRLF for EOL sequence (LF -> CRLF on what is sent)"),
    TELNET('t', "telnet", null, Section.DATA, "Answer Telnet negotiations (refuse every option asked for)"),
    SEND_ONLY('\0', "send-only", null, Section.DATA, "Only send data, ignoring received; quit on EOF"),
    RECV_ONLY('\0', "recv-only", null, Section.DATA, "Only receive data, never send anything"),
    NO_SHUTDOWN('\0', "no-shutdown", null, Section.DATA, "Continue half-duplex when receiving EOF on stdin"),
    WAIT_STDIN('\0', "wait-stdin", null, Section.DATA, "Once the peer has closed, keep sending stdin until its EOF however long it is silent (default: end after 0.5s of silence)"),
    NO_SHUTDOWN_BSD('N', null, null, Section.DATA, "Shut down the socket after EOF on stdin (OpenBSD nc; the default here)"),

    // --- time -------------------------------------------------------------------------------
    WAIT('w', "wait", "time", Section.TIME, "Connect timeout"),
    IDLE_TIMEOUT('i', "idle-timeout", "time", Section.TIME, "Idle read/write timeout"),
    DELAY('d', "delay", "time", Section.TIME, "Wait between read/writes"),
    QUIT_AFTER_EOF('q', null, "time", Section.TIME, "Quit <time> after EOF on stdin (negative: never)"),

    // --- output -----------------------------------------------------------------------------
    VERBOSE('v', "verbose", null, Section.OUTPUT, "Set verbosity level (can be used several times)"),
    OUTPUT('o', "output", "filename", Section.OUTPUT, "Dump session data to a file"),
    HEX_DUMP('x', "hex-dump", "filename", Section.OUTPUT, "Dump session data as hex to a file"),
    APPEND_OUTPUT('\0', "append-output", null, Section.OUTPUT, "Append rather than clobber specified output files"),

    // --- information ------------------------------------------------------------------------
    INSTALL('\0', "install", null, Section.INFO, "Put a jnc command on the PATH: in the operand's directory, default ~/.local/bin (/usr/local/bin as root), with the man page and bash/zsh completion"),
    UNINSTALL('\0', "uninstall", null, Section.INFO, "Remove exactly what --install put there (the same directory operand)"),
    HELP('h', "help", null, Section.INFO, "Display this help screen"),
    VERSION('\0', "version", null, Section.INFO, "Display jnc's version information and exit");

    /** Groups options in the help screen and the man page. */
    public enum Section {
        MODE("Mode"), KIND("Socket kinds"), SERVICE("Services"), MEASURE("Measuring client"), SSL("TLS/SSL"), TRANSFER("File transfer"), WS("WebSocket"), ACCESS("Access control"), ADDRESS("Addresses"), PROXY("Proxy"), SOCKOPT("Socket options"), RAW("Raw sockets"), DATA("Data"), TIME("Timing"), OUTPUT("Output and logging"),
        INFO("Information");

        public final String title;

        Section(String title) {
            this.title = title;
        }
    }

    /** Short letter, or {@code '\0'} when the option has only a long name. */
    public final char shortName;
    /** Long name without dashes, or {@code null} when the option has only a letter. */
    public final String longName;
    /** Name of the argument in help texts, or {@code null} for a flag. */
    public final String argName;
    public final Section section;
    public final String help;

    Opt(char shortName, String longName, String argName, Section section, String help) {
        this.shortName = shortName;
        this.longName = longName;
        this.argName = argName;
        this.section = section;
        this.help = help;
    }

    public boolean takesArgument() {
        return argName != null;
    }

    /** How the user would write it, e.g. {@code -w/--wait} or {@code --send-only}. */
    public String display() {
        if (shortName != '\0' && longName != null) return "-" + shortName + "/--" + longName;
        if (shortName != '\0') return "-" + shortName;
        return "--" + longName;
    }
}
