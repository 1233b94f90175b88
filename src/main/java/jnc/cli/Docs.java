package jnc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The help screen, the man page and the bash completion, all generated from {@link Opt}.
 * {@code java -cp target/classes jnc.cli.Docs doc} rewrites {@code doc/jnc.1} and
 * {@code doc/jnc.bash-completion}; a test keeps the committed copies in step with the table.
 */
public final class Docs {
    public static final String NAME = "jnc";

    private Docs() {
    }

    public static String version() {
        String v = Docs.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String versionLine() {
        return NAME + " " + version() + " (Java " + Runtime.version().feature() + ")";
    }

    private static final String USAGE = "Usage: jnc [options] [hostname] [port]";
    private static final String TIME_NOTE = """
            Options taking a time assume seconds. Append 'ms' for milliseconds,
            's' for seconds, 'm' for minutes, or 'h' for hours (e.g. 500ms).
            """;

    /** The {@code --help} screen. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append(versionLine()).append(", a netcat for Java\n");
        sb.append(USAGE).append("\n\n").append(TIME_NOTE);
        for (Opt.Section section : Opt.Section.values()) {
            sb.append('\n').append(section.title).append(":\n");
            for (Opt o : Opt.values()) {
                if (o.section != section) continue;
                String left = "  " + synopsis(o);
                sb.append(left);
                sb.append(" ".repeat(Math.max(1, 31 - left.length())));
                if (left.length() >= 31) sb.append('\n').append(" ".repeat(31));
                sb.append(o.help).append('\n');
            }
        }
        sb.append("""

                Examples:
                  jnc -v -l 61111                     listen on port 61111
                  jnc -v 10.0.0.99 61111              connect to a listener
                  jnc -l 61111 > receive.file         receive one file
                  jnc 10.0.0.99 61111 < send.file     send one file
                """);
        return sb.toString();
    }

    /** {@code -l, --listen} or {@code -w, --wait <time>}. */
    static String synopsis(Opt o) {
        StringBuilder s = new StringBuilder();
        if (o.shortName != '\0') s.append('-').append(o.shortName);
        if (o.longName != null) {
            if (!s.isEmpty()) s.append(", ");
            else s.append("    ");
            s.append("--").append(o.longName);
        }
        if (o.takesArgument()) s.append(" <").append(o.argName).append('>');
        return s.toString();
    }

    /** The man page, in roff. */
    public static String manPage() {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH JNC 1 \"\" \"jnc\" \"User Commands\"\n");
        sb.append(".SH NAME\njnc \\- a netcat for Java: connect, listen and relay bytes over the network\n");
        sb.append(".SH SYNOPSIS\n.B jnc\n[\\fIoptions\\fR] [\\fIhostname\\fR] [\\fIport\\fR]\n");
        sb.append(".SH DESCRIPTION\n");
        sb.append("jnc relays bytes between standard input/output and a network connection. ");
        sb.append("It connects to \\fIhostname\\fR \\fIport\\fR, or with \\fB\\-l\\fR listens for a client. ");
        sb.append("Its options carry Ncat's names. ");
        sb.append("EOF on standard input shuts down the sending side of the socket; EOF from the network closes standard output.\n");
        sb.append(".PP\n").append(roff(TIME_NOTE.replace('\n', ' ').strip())).append('\n');
        for (Opt.Section section : Opt.Section.values()) {
            sb.append(".SH ").append(section.title.toUpperCase(java.util.Locale.ROOT)).append('\n');
            for (Opt o : Opt.values()) {
                if (o.section != section) continue;
                sb.append(".TP\n.B ").append(roff(synopsis(o).strip())).append('\n').append(roff(o.help)).append('\n');
            }
        }
        sb.append(".SH EXIT STATUS\n0 on success, 1 on a network error, 2 on a usage or other error (as Ncat).\n");
        sb.append(".SH EXAMPLES\n.nf\njnc \\-v \\-l 61111\njnc \\-v 10.0.0.99 61111\n");
        sb.append("tar vc * | gzip | jnc 10.0.0.99 61111\njnc \\-l 61111 | gunzip | tar vx\n.fi\n");
        sb.append(".SH SEE ALSO\nncat(1), nc(1), socat(1)\n");
        return sb.toString();
    }

    private static String roff(String s) {
        return s.replace("\\", "\\\\").replace("-", "\\-");
    }

    /** A bash completion script for {@code complete -F}. */
    public static String bashCompletion() {
        StringBuilder words = new StringBuilder();
        StringBuilder withArg = new StringBuilder();
        StringBuilder fileArg = new StringBuilder(); // options whose argument is a file name complete file names
        for (Opt o : Opt.values()) {
            if (o.takesArgument() && (o.argName.equals("file") || o.argName.equals("filename"))) {
                if (o.shortName != '\0') fileArg.append(fileArg.isEmpty() ? "" : "|").append('-').append(o.shortName);
                if (o.longName != null) fileArg.append(fileArg.isEmpty() ? "" : "|").append("--").append(o.longName);
            }
            if (o.shortName != '\0') append(words, "-" + o.shortName);
            if (o.longName != null) append(words, "--" + o.longName);
            if (o.takesArgument()) {
                if (o.shortName != '\0') append(withArg, "-" + o.shortName);
                if (o.longName != null) append(withArg, "--" + o.longName);
            }
        }
        return """
                # bash completion for jnc, generated from its option table
                _jnc() {
                    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                    case " %s " in
                        *" $prev "*)
                            case $prev in
                                %s) COMPREPLY=($(compgen -f -- "$cur")) ;;
                                *) COMPREPLY=() ;;
                            esac
                            return ;;
                    esac
                    if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "%s" -- "$cur"))
                    else
                        COMPREPLY=($(compgen -A hostname -- "$cur"))
                    fi
                }
                complete -F _jnc jnc
                """.formatted(withArg, fileArg, words);
    }

    private static void append(StringBuilder sb, String w) {
        if (!sb.isEmpty()) sb.append(' ');
        sb.append(w);
    }

    /** Writes the generated files into the given directory (default {@code doc}). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "doc");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jnc.1"), manPage(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jnc.bash-completion"), bashCompletion(), StandardCharsets.UTF_8);
    }
}
