package jnc.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Port numbers to service names from {@code /etc/services}, for the {@code [tcp/ssh]} part of nc's lines. */
public final class Services {
    private static final Path SERVICES = Path.of("/etc/services");

    private Services() {
    }

    /** The service name of {@code port} for {@code proto} ("tcp", "udp"), or {@code "*"} when there is none. */
    public static String name(int port, String proto) {
        String n = read(proto, port, null);
        return n == null ? "*" : n;
    }

    /**
     * Every name of {@code proto}, indexed by port ({@code null} where there is none): read once for
     * a scan, where {@link #name} would read the file again for each of thousands of open ports.
     */
    public static String[] table(String proto) {
        String[] names = new String[65536];
        read(proto, -1, names);
        return names;
    }

    /** nc's line for a connection made (or a port found open): {@code Connection to HOST 22 port [tcp/ssh] succeeded!}. */
    public static String connectedLine(String host, int port, String proto, String service) {
        return "Connection to " + host + " " + port + " port [" + proto + "/" + service + "] succeeded!";
    }

    /** The same line, with the port's service name looked up. */
    public static String connectedLine(String host, int port, String proto) {
        return connectedLine(host, port, proto, name(port, proto));
    }

    /**
     * Reads the file: returns the name of {@code port}, or with {@code table} fills it and returns
     * null. The first entry for a port wins, as {@code getservbyport} returns it.
     */
    private static String read(String proto, int port, String[] table) {
        String suffix = "/" + proto;
        try (BufferedReader r = Files.newBufferedReader(SERVICES, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                // "name  port/proto  aliases...": the first two fields, split by hand (a regex
                // would load java.util.regex into every -v run, ~30 classes).
                int nameStart = skipSpace(line, 0);
                int nameEnd = skipWord(line, nameStart);
                int portStart = skipSpace(line, nameEnd);
                int portEnd = skipWord(line, portStart);
                if (portStart == portEnd || !line.startsWith(suffix, portEnd - suffix.length())) continue;
                int p;
                try {
                    p = Integer.parseInt(line, portStart, portEnd - suffix.length(), 10);
                } catch (NumberFormatException e) {
                    continue; // a malformed line: skipped, as the C library does
                }
                if (p < 0 || p > 65535) continue;
                String name = line.substring(nameStart, nameEnd);
                if (table == null) {
                    if (p == port) return name;
                } else if (table[p] == null) {
                    table[p] = name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No services file: nc prints '*' then, and so do we.
        }
        return null;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static int skipWord(String s, int i) {
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
