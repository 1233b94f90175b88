package jnc.net.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP authentication's header values (RFC 9110, section 11): challenges in
 * {@code Proxy-Authenticate} and credentials in {@code Proxy-Authorization}. One value may hold
 * several challenges, separated by commas like their parameters:
 * {@code Basic realm="r", NTLM, Digest realm="r", nonce="n", qop="auth"}. A token followed by
 * {@code =} is a parameter; any other token starts the next challenge.
 *
 * @param scheme the scheme, lower-cased ({@code basic}, {@code digest})
 * @param params the parameters, names lower-cased, quoted values unquoted
 * @param token68 a scheme's single token instead of parameters (Basic's credentials), or {@code null}
 */
record AuthParams(String scheme, Map<String, String> params, String token68) {

    String param(String name) {
        return params.get(name);
    }

    /** Every challenge (or credential) in {@code value}; malformed parts end the list. */
    static List<AuthParams> parse(String value) {
        List<AuthParams> out = new ArrayList<>();
        Cursor c = new Cursor(value);
        while (true) {
            c.skip(" \t,");
            String scheme = c.token();
            if (scheme == null) return out;
            Map<String, String> params = new LinkedHashMap<>();
            String token68 = null;
            c.skip(" \t");
            int mark = c.pos;
            // token68: base64-like characters, possibly ending in '=', and then the end or a comma
            String t68 = c.token68();
            if (t68 != null && c.atEndOrComma()) {
                token68 = t68;
            } else {
                c.pos = mark;
                while (true) {
                    c.skip(" \t");
                    int before = c.pos;
                    String name = c.token();
                    if (name == null) break;
                    c.skip(" \t");
                    if (!c.take('=')) { // the next challenge's scheme
                        c.pos = before;
                        break;
                    }
                    c.skip(" \t");
                    String v = c.quotedOrToken();
                    if (v == null) return out;
                    params.put(name.toLowerCase(Locale.ROOT), v);
                    c.skip(" \t");
                    if (!c.take(',')) break;
                }
            }
            out.add(new AuthParams(scheme.toLowerCase(Locale.ROOT), Map.copyOf(params), token68));
            if (c.pos == mark && token68 == null && params.isEmpty() && !c.atEndOrComma()) return out;
        }
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) pos++;
        }

        boolean take(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        boolean atEndOrComma() {
            int p = pos;
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
            return p == s.length() || s.charAt(p) == ',';
        }

        String token() {
            int start = pos;
            while (pos < s.length() && RequestHead.isToken(String.valueOf(s.charAt(pos)))) pos++;
            return pos > start ? s.substring(start, pos) : null;
        }

        String token68() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "-._~+/".indexOf(s.charAt(pos)) >= 0)) pos++;
            if (pos == start) return null;
            while (pos < s.length() && s.charAt(pos) == '=') pos++;
            return s.substring(start, pos);
        }

        String quotedOrToken() {
            if (!take('"')) return token();
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') return b.toString();
                if (ch == '\\' && pos < s.length()) ch = s.charAt(pos++);
                b.append(ch);
            }
            return null; // unterminated
        }
    }
}
