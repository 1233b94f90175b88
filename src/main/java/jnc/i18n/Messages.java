package jnc.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * Translation at the few places where jnc prints text for a person: the {@code jnc:} error line,
 * the {@code -v} lines that no script parses, and {@code --help} and the man page.
 *
 * <p>The code writes English; the bundles {@code jnc/i18n/messages*.properties} hold, under one
 * message id, the English template in the root bundle ({@code m.refused=Connection refused.}) and
 * the translation in the language's bundle. A message is translated by finding the English template
 * it matches ({@code {0}}, {@code {1}} stand for the variable parts, themselves translated when they
 * are messages too), so the hundreds of places that build messages stay as they are, and a message
 * without a template stays English.
 *
 * <p>An English locale loads nothing: the check is one string comparison, so start-up does not
 * change. The course's verbose lines ({@code Listening on ...}, {@code Connection from ...
 * received!}, {@code Connection to ... succeeded!}) are never translated: scripts parse them.
 * The bundles are read as {@link PropertyResourceBundle}s straight from the jar, not through
 * {@code ResourceBundle.getBundle}, and templates are matched without regular expressions: an
 * error line in German then costs a few ms, not the tens that the lookup machinery loads.
 */
public final class Messages {
    private static volatile Catalog catalog; // loaded on the first non-English message

    private Messages() {
    }

    /** Whether the default locale asks for another language than English. */
    public static boolean translating() {
        String lang = Locale.getDefault().getLanguage();
        return !lang.isEmpty() && !lang.equals("en");
    }

    /**
     * The course's own lines, which keep their English form in every locale: {@code Listening on ...},
     * {@code Connection to ... succeeded!} and {@code Connection from ... received!} (a peer turned
     * away, {@code Connection from ... denied: not allowed.}, is a message for a person).
     */
    public static boolean isCourseLine(String line) {
        if (line.startsWith("Listening on ") || line.startsWith("Connection to ")) return true;
        return (line.startsWith("Connection from ") || line.startsWith("Connection on ")) && line.contains(" received!");
    }

    /** {@code english} in the default locale's language, or unchanged. */
    public static String tr(String english) {
        if (!translating() || isCourseLine(english)) return english;
        Catalog c = catalog;
        if (c == null) catalog = c = Catalog.load(Locale.getDefault().getLanguage());
        return c.translate(english);
    }

    /** The text under {@code key} for the locale, or {@code english} when it has none. */
    public static String text(Locale locale, String key, String english) {
        String lang = locale.getLanguage();
        if (lang.isEmpty() || lang.equals("en")) return english;
        ResourceBundle b = bundle(lang);
        return b != null && b.containsKey(key) ? b.getString(key) : english;
    }

    private static String cachedLang;
    private static ResourceBundle cachedBundle;

    /** {@code messages_LANG.properties} (or {@code messages.properties} for "") from the jar, or null. */
    static synchronized ResourceBundle bundle(String lang) {
        if (lang.equals(cachedLang)) return cachedBundle;
        String name = lang.isEmpty() ? "messages.properties" : "messages_" + lang + ".properties";
        ResourceBundle b = null;
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in != null) b = new PropertyResourceBundle(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            b = null; // a damaged bundle: English
        }
        if (!lang.isEmpty()) {
            cachedLang = lang;
            cachedBundle = b;
        }
        return b;
    }

    /** The English templates, each split at its placeholders, with their translations. */
    static final class Catalog {
        private final List<Template> templates = new ArrayList<>();

        static Catalog load(String lang) {
            Catalog c = new Catalog();
            ResourceBundle root = bundle("");
            ResourceBundle local = bundle(lang);
            if (root == null || local == null) return c;
            for (String key : root.keySet()) {
                if (!key.startsWith("m.") || !local.containsKey(key)) continue;
                c.templates.add(new Template(root.getString(key), local.getString(key)));
            }
            // Longer templates first, so "Address already in use (another ...)" beats "Address already in use."
            c.templates.sort(LONGER_FIRST);
            return c;
        }

        /** A class, not a lambda: a lambda is spun at run time, outside the AOT cache (ms on the error path). */
        private static final Comparator<Template> LONGER_FIRST = new LongerFirst();

        private static final class LongerFirst implements Comparator<Template> {
            @Override
            public int compare(Template a, Template b) {
                return b.english.length() - a.english.length();
            }
        }

        String translate(String text) {
            Template t = find(text);
            if (t == null) return text;
            List<String> parts = t.match(text);
            String out = t.translated;
            for (int i = parts.size() - 1; i >= 0; i--) out = out.replace("{" + i + "}", translate(parts.get(i)));
            return out;
        }

        /** The template that translates {@code text}: the longest that matches it, or null. */
        Template find(String text) {
            for (Template t : templates) {
                if (t.match(text) != null) return t;
            }
            return null;
        }
    }

    /** "bind to {0}: {1}": literals "bind to ", ": ", ""; each placeholder takes the shortest text
     *  before the next literal, the last one the rest. Placeholders are numbered in order. */
    record Template(String english, String translated, List<String> literals) {
        Template(String english, String translated) {
            this(english, translated, split(english));
        }

        /** The literal texts around the placeholders {0}..{9}: one more than there are placeholders. */
        private static List<String> split(String template) {
            List<String> lits = new ArrayList<>();
            int from = 0;
            for (int i = 0; i + 2 < template.length(); i++) {
                if (template.charAt(i) == '{' && Character.isDigit(template.charAt(i + 1)) && template.charAt(i + 2) == '}') {
                    lits.add(template.substring(from, i));
                    from = i + 3;
                    i += 2;
                }
            }
            lits.add(template.substring(from));
            return lits;
        }

        /** The variable parts of {@code text}, or null when it is not this message. */
        List<String> match(String text) {
            String first = literals.getFirst();
            if (!text.startsWith(first)) return null;
            if (literals.size() == 1) return text.equals(first) ? List.of() : null;
            String last = literals.getLast();
            if (!text.endsWith(last) || text.length() < first.length() + last.length()) return null;
            List<String> parts = new ArrayList<>(literals.size() - 1);
            int at = first.length();
            int end = text.length() - last.length();
            for (int i = 1; i < literals.size() - 1; i++) {
                int found = text.indexOf(literals.get(i), at);
                if (found < 0 || found > end) return null;
                parts.add(text.substring(at, found));
                at = found + literals.get(i).length();
            }
            if (at > end) return null;
            parts.add(text.substring(at, end));
            return parts;
        }
    }
}
