package jnc.i18n;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The messages jnc prints for a person, read from its source: the argument of every call that ends
 * on stderr ({@code Diag.error/verbose/debug}, {@code Failure.network/usage}, {@code new Failure},
 * the exceptions whose text becomes the {@code jnc:} line), turned into a template: its string
 * literals kept, every other part a placeholder {@code {0}}, {@code {1}}... A parenthesised choice
 * {@code (c ? "a" : "b")} gives one template per branch, and a plain variable is followed to its
 * {@code String v = ...} assignments in the same file. Not a Java parser: a lexer good enough for
 * the way jnc writes its messages, so a new message is found the day it is written.
 */
final class MessageSources {
    /** A message found in the source: where, and its template. */
    record Found(String where, String template, boolean exception) {
    }

    /** Calls whose (first, or for new Failure second) argument is a message for a person. */
    private static final Pattern SINK = Pattern.compile(
            "\\bDiag\\.(?:error|verbose|debug|tr)\\s*\\(|\\bFailure\\.(?:network|usage)\\s*\\(|\\bnew\\s+Failure\\s*\\(\\s*ExitCode\\.\\w+\\s*,"
                    + "|\\b(?<ex>new\\s+(?:UsageException|InstallException|TransferException|TarFormatException|WsProtocolException"
                    + "|IOException|EOFException|ZipException|SSLException)\\s*\\()");

    private MessageSources() {
    }

    static List<Found> scan(Path root) {
        List<Found> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String code = stripComments(Files.readString(f));
                Matcher m = SINK.matcher(code);
                while (m.find()) {
                    String arg = firstArgument(code, m.end());
                    if (arg == null) continue;
                    String where = root.relativize(f) + ":" + line(code, m.start());
                    for (String t : templates(arg, code, 0)) all.add(new Found(where, number(t), m.group("ex") != null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Whether a template has text to translate: a letter outside its placeholders. */
    static boolean hasWords(String template) {
        String lits = template.replaceAll("\\{\\d\\}", "");
        return lits.chars().anyMatch(Character::isLetter);
    }

    private static int line(String code, int at) {
        int n = 1;
        for (int i = 0; i < at; i++) if (code.charAt(i) == '\n') n++;
        return n;
    }

    /** The source with its comments blanked out (newlines kept), string and char literals untouched. */
    static String stripComments(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int end = literalEnd(s, i);
                b.append(s, i, end);
                i = end;
            } else if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (int k = i; k < end; k++) if (s.charAt(k) == '\n') b.append('\n');
                i = end;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** The index after the literal (string, text block or char) that starts at {@code i}. */
    private static int literalEnd(String s, int i) {
        if (s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        char q = s.charAt(i);
        int k = i + 1;
        while (k < s.length() && s.charAt(k) != q) k += s.charAt(k) == '\\' ? 2 : 1;
        return Math.min(k + 1, s.length());
    }

    /** The first argument of the call whose '(' ends just before {@code from}: up to a ',' or ')' at depth 0. */
    private static String firstArgument(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) return s.substring(from, i).strip();
                depth--;
            } else if (c == ',' && depth == 0) return s.substring(from, i).strip();
            i++;
        }
        return null;
    }

    /** Splits {@code expr} at the top-level occurrences of {@code sep} (outside literals and brackets). */
    private static List<String> split(String expr, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < expr.length(); ) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(expr, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == sep && depth == 0) {
                parts.add(expr.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        parts.add(expr.substring(start).strip());
        return parts;
    }

    /** A variable part, before the parts are numbered. */
    private static final char HOLE = '\u0000';

    /** The templates {@code expr} may print (holes unnumbered): several when it holds a choice between literals. */
    static List<String> templates(String expr, String file, int depth) {
        expr = expr.strip();
        // A top-level choice: each branch is a message of its own.
        List<String> choice = ternary(expr);
        if (choice != null) {
            Set<String> out = new LinkedHashSet<>();
            for (String branch : choice.subList(1, 3)) out.addAll(templates(branch, file, depth));
            return List.copyOf(out);
        }
        // A variable: what the file assigns to it.
        if (expr.matches("[A-Za-z_]\\w*") && depth < 2) {
            Matcher m = Pattern.compile("\\b" + expr + "\\s*=(?!=)").matcher(file);
            Set<String> out = new LinkedHashSet<>();
            while (m.find()) {
                String rhs = statementRest(file, m.end());
                if (rhs != null && rhs.contains("\"")) out.addAll(templates(rhs, file, depth + 1));
            }
            if (!out.isEmpty()) return List.copyOf(out);
        }
        List<List<String>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (String part : split(expr, '+')) {
            List<String> alternatives = partAlternatives(part, file, depth);
            List<List<String>> next = new ArrayList<>();
            for (List<String> v : variants) {
                for (String alt : alternatives) {
                    List<String> w = new ArrayList<>(v);
                    w.add(alt);
                    next.add(w);
                }
            }
            variants = next;
        }
        Set<String> out = new LinkedHashSet<>();
        for (List<String> v : variants) out.add(String.join("", v));
        return List.copyOf(out);
    }

    /** One part of a concatenation: a literal's text, the branches of a parenthesised choice, or a placeholder (null). */
    private static List<String> partAlternatives(String part, String file, int depth) {
        if (isLiteral(part)) return List.of(unescape(part));
        if (part.startsWith("(") && part.endsWith(")") && closes(part)) {
            String inner = part.substring(1, part.length() - 1).strip();
            List<String> choice = ternary(inner);
            if (choice != null && (choice.get(1).contains("\"") || choice.get(2).contains("\""))) {
                List<String> alts = new ArrayList<>();
                for (String b : choice.subList(1, 3)) alts.addAll(templates(b, file, depth));
                return alts;
            }
            if (inner.contains("\"") && split(inner, '+').size() > 1) {
                return new ArrayList<>(templates(inner, file, depth));
            }
        }
        return List.of(String.valueOf(HOLE));
    }

    /** Whether the '(' at 0 is closed by the last ')'. */
    private static boolean closes(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(s, i);
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i == s.length() - 1;
            i++;
        }
        return false;
    }

    /** [condition, then, else] of a top-level {@code c ? a : b}, or null. */
    private static List<String> ternary(String expr) {
        List<String> q = split(expr, '?');
        if (q.size() < 2) return null;
        String cond = q.getFirst();
        String rest = expr.substring(expr.indexOf('?', cond.length()) + 1);
        List<String> c = split(rest, ':');
        if (c.size() < 2) return null;
        String then = c.getFirst();
        String other = rest.substring(rest.indexOf(':', then.length()) + 1);
        return List.of(cond, then, other);
    }

    private static boolean isLiteral(String part) {
        return part.length() >= 2 && part.startsWith("\"") && literalEnd(part, 0) == part.length() && !part.startsWith("\"\"\"");
    }

    /** The expression from {@code from} to the ';' that ends the statement. */
    private static String statementRest(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = literalEnd(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) return null;
                depth--;
            } else if (c == ';' && depth == 0) return s.substring(from, i);
            i++;
        }
        return null;
    }

    private static String unescape(String literal) {
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                b.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    /** The holes numbered in order, {@code {0}}, {@code {1}}...; adjacent holes become one. */
    private static String number(String joined) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c != HOLE) b.append(c);
            else if (i == 0 || joined.charAt(i - 1) != HOLE) b.append('{').append(n++).append('}');
        }
        return b.toString();
    }
}
