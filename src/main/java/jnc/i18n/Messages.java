package jnc.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 */
public final class Messages {
    private static final String BUNDLE = "jnc.i18n.messages";
    private static volatile Catalog catalog; // loaded on the first non-English message

    private Messages() {
    }

    /** Whether the default locale asks for another language than English. */
    public static boolean translating() {
        String lang = Locale.getDefault().getLanguage();
        return !lang.isEmpty() && !lang.equals("en");
    }

    /** The course's own lines, which keep their English form in every locale. */
    public static boolean isCourseLine(String line) {
        return line.startsWith("Listening on ") || line.startsWith("Connection from ") || line.startsWith("Connection to ");
    }

    /** {@code english} in the default locale's language, or unchanged. */
    public static String tr(String english) {
        if (!translating() || isCourseLine(english)) return english;
        return catalog().translate(english);
    }

    /** The text under {@code key} for the locale, or {@code english} when it has none. */
    public static String text(Locale locale, String key, String english) {
        if (locale.getLanguage().isEmpty() || locale.getLanguage().equals("en")) return english;
        try {
            ResourceBundle b = ResourceBundle.getBundle(BUNDLE, locale);
            return b.containsKey(key) ? b.getString(key) : english;
        } catch (MissingResourceException e) {
            return english;
        }
    }

    private static Catalog catalog() {
        Catalog c = catalog;
        if (c == null) catalog = c = Catalog.load(Locale.getDefault());
        return c;
    }

    /** The English templates, as patterns, each with its translation. */
    static final class Catalog {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)\\}");
        private final List<Pattern> english = new ArrayList<>();
        private final List<String> translated = new ArrayList<>();

        static Catalog load(Locale locale) {
            Catalog c = new Catalog();
            ResourceBundle root;
            ResourceBundle local;
            try {
                root = ResourceBundle.getBundle(BUNDLE, Locale.ROOT);
                local = ResourceBundle.getBundle(BUNDLE, locale);
            } catch (MissingResourceException e) {
                return c;
            }
            if (local.getLocale().equals(Locale.ROOT)) return c; // no bundle for this language
            for (String key : root.keySet()) {
                if (!key.startsWith("m.") || !local.containsKey(key)) continue;
                String t = local.getString(key);
                if (t.equals(root.getString(key))) continue;
                c.english.add(pattern(root.getString(key)));
                c.translated.add(t);
            }
            return c;
        }

        /** "bind to {0}: {1}" as ^\Qbind to \E(.*?)\Q: \E(.*)$ ; the last part takes the rest. */
        private static Pattern pattern(String template) {
            StringBuilder re = new StringBuilder("^");
            Matcher m = PLACEHOLDER.matcher(template);
            int at = 0;
            while (m.find()) {
                if (m.start() > at) re.append(Pattern.quote(template.substring(at, m.start())));
                re.append(m.end() == template.length() ? "(.*)" : "(.*?)");
                at = m.end();
            }
            if (at < template.length()) re.append(Pattern.quote(template.substring(at)));
            return Pattern.compile(re.append('$').toString(), Pattern.DOTALL);
        }

        String translate(String text) {
            for (int i = 0; i < english.size(); i++) {
                Matcher m = english.get(i).matcher(text);
                if (!m.matches()) continue;
                String out = translated.get(i);
                // Placeholders are numbered in the English template's order: {0} is the first group.
                for (int g = m.groupCount(); g >= 1; g--) {
                    out = out.replace("{" + (g - 1) + "}", translate(m.group(g)));
                }
                return out;
            }
            return text;
        }
    }
}
