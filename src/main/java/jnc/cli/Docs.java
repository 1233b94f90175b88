package jnc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import jnc.i18n.Messages;

/**
 * The help screen, the man page and the bash and zsh completion, all generated from {@link Opt}.
 * {@code java -cp target/classes jnc.cli.Docs doc} rewrites {@code doc/jnc.1}, the German
 * {@code doc/jnc.de.1}, {@code doc/jnc.bash-completion} and {@code doc/jnc.zsh-completion}; a test
 * keeps the committed copies in step with the table. Help and man page come in the locale's
 * language where {@code jnc/i18n/messages_*.properties} has one ({@link Messages#text}).
 */
public final class Docs {
    public static final String NAME = "jnc";

    private Docs() {
    }

    public static String version() {
        String v = Docs.class.getPackage().getImplementationVersion();
        if (v == null && Docs.class.getModule().isNamed()) {
            // On a module path the manifest's version is not read; the module's descriptor has it.
            v = Docs.class.getModule().getDescriptor().rawVersion().orElse(null);
        }
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

    /** The {@code --help} screen, in the default locale's language. */
    public static String help() {
        return help(Locale.getDefault());
    }

    /** An option's help text in the locale's language. */
    static String help(Opt o, Locale l) {
        return Messages.text(l, "opt." + (o.longName != null ? o.longName : String.valueOf(o.shortName)), o.help);
    }

    static String title(Opt.Section s, Locale l) {
        return Messages.text(l, "section." + s.name(), s.title);
    }

    /** The {@code --help} screen in the locale's language. */
    public static String help(Locale l) {
        StringBuilder sb = new StringBuilder();
        sb.append(versionLine()).append(Messages.text(l, "doc.tagline", ", a netcat for Java")).append('\n');
        sb.append(Messages.text(l, "doc.usage", USAGE)).append("\n\n").append(Messages.text(l, "doc.time", TIME_NOTE));
        for (Opt.Section section : Opt.Section.values()) {
            sb.append('\n').append(title(section, l)).append(":\n");
            for (Opt o : Opt.values()) {
                if (o.section != section) continue;
                String left = "  " + synopsis(o);
                sb.append(left);
                sb.append(" ".repeat(Math.max(1, 31 - left.length())));
                if (left.length() >= 31) sb.append('\n').append(" ".repeat(31));
                sb.append(help(o, l)).append('\n');
            }
        }
        sb.append(Messages.text(l, "doc.examples", """

                Examples:
                  jnc -v -l 61111                     listen on port 61111
                  jnc -v 10.0.0.99 61111              connect to a listener
                  jnc -l 61111 > receive.file         receive one file
                  jnc 10.0.0.99 61111 < send.file     send one file
                """));
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

    /** The English man page, in roff. */
    public static String manPage() {
        return manPage(Locale.ROOT);
    }

    /** The man page in the locale's language, in roff. */
    public static String manPage(Locale l) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH JNC 1 \"\" \"jnc\" \"User Commands\"\n");
        sb.append(".SH NAME\n").append(Messages.text(l, "doc.man.name", "jnc \\- a netcat for Java: connect, listen and relay bytes over the network")).append('\n');
        sb.append(".SH ").append(Messages.text(l, "doc.man.synopsistitle", "SYNOPSIS")).append("\n.B jnc\n")
                .append(Messages.text(l, "doc.man.synopsis", "[\\fIoptions\\fR] [\\fIhostname\\fR] [\\fIport\\fR]")).append('\n');
        sb.append(".SH ").append(Messages.text(l, "doc.man.description.title", "DESCRIPTION")).append('\n');
        sb.append(Messages.text(l, "doc.man.description", "jnc relays bytes between standard input/output and a network connection. "
                + "It connects to \\fIhostname\\fR \\fIport\\fR, or with \\fB\\-l\\fR listens for a client. "
                + "Its options carry Ncat's names. "
                + "EOF on standard input shuts down the sending side of the socket; EOF from the network closes standard output.")).append('\n');
        sb.append(".PP\n").append(roff(Messages.text(l, "doc.time", TIME_NOTE).replace('\n', ' ').strip())).append('\n');
        for (Opt.Section section : Opt.Section.values()) {
            sb.append(".SH ").append(title(section, l).toUpperCase(l)).append('\n');
            for (Opt o : Opt.values()) {
                if (o.section != section) continue;
                sb.append(".TP\n.B ").append(roff(synopsis(o).strip())).append('\n').append(roff(help(o, l))).append('\n');
            }
        }
        sb.append(".SH ").append(Messages.text(l, "doc.man.exit", "EXIT STATUS")).append('\n')
                .append(Messages.text(l, "doc.man.exittext", "0 on success, 1 on a network error, 2 on a usage or other error (as Ncat).")).append('\n');
        sb.append(".SH ").append(Messages.text(l, "doc.man.examples", "EXAMPLES")).append("\n.nf\njnc \\-v \\-l 61111\njnc \\-v 10.0.0.99 61111\n");
        sb.append("tar vc * | gzip | jnc 10.0.0.99 61111\njnc \\-l 61111 | gunzip | tar vx\n.fi\n");
        sb.append(".SH ").append(Messages.text(l, "doc.man.seealso", "SEE ALSO")).append("\nncat(1), nc(1), socat(1)\n");
        return sb.toString();
    }

    /** A zsh completion function ({@code _jnc}, for a directory on {@code fpath}). */
    public static String zshCompletion() {
        StringBuilder sb = new StringBuilder("#compdef jnc\n# zsh completion for jnc, generated from its option table\n_arguments -s \\\n");
        for (Opt o : Opt.values()) {
            String help = o.help.replace("\\", "\\\\").replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
            String arg = !o.takesArgument() ? ""
                    : ":" + o.argName + ":" + (o.argName.equals("file") || o.argName.equals("filename") ? "_files" : " ");
            if (o.shortName != '\0') sb.append("  '-").append(o.shortName).append('[').append(help).append(']').append(arg).append("' \\\n");
            if (o.longName != null) sb.append("  '--").append(o.longName).append('[').append(help).append(']').append(arg).append("' \\\n");
        }
        sb.append("  '1:host:_hosts' \\\n  '2:port: '\n");
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
        Files.writeString(dir.resolve("jnc.de.1"), manPage(Locale.GERMAN), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jnc.bash-completion"), bashCompletion(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jnc.zsh-completion"), zshCompletion(), StandardCharsets.UTF_8);
    }
}
