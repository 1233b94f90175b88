package jnc.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Service names of one protocol from {@code /etc/services}, read once for the whole scan when the
 * first open port is printed ({@link jnc.net.Services} reads the file per look-up, which is right
 * for one connection and too slow for thousands of open ports).
 */
final class ServiceNames {
    private static final Path SERVICES = Path.of("/etc/services");
    private final String protocol;
    private String[] byPort; // null until needed

    ServiceNames(String protocol) {
        this.protocol = protocol;
    }

    /** The name of {@code port}, or {@code "*"} when there is none, as nc prints it. */
    String name(int port) {
        if (byPort == null) byPort = load();
        String n = byPort[port];
        return n == null ? "*" : n;
    }

    private String[] load() {
        String[] names = new String[65536];
        String suffix = "/" + protocol;
        try (BufferedReader r = Files.newBufferedReader(SERVICES, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                String[] f = line.trim().split("\\s+");
                if (f.length < 2 || !f[1].endsWith(suffix)) continue;
                try {
                    int port = Integer.parseInt(f[1], 0, f[1].length() - suffix.length(), 10);
                    // The first entry for a port wins, as getservbyport returns it.
                    if (port >= 0 && port < names.length && names[port] == null) names[port] = f[0];
                } catch (NumberFormatException ignored) {
                    // a malformed line: skipped, as the C library does
                }
            }
        } catch (IOException e) {
            // No services file: every port shows as '*', as in nc.
        }
        return names;
    }
}
