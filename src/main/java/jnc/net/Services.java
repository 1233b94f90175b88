package jnc.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Looks up a port's service name in {@code /etc/services}, for the {@code [tcp/ssh]} part of nc's lines. */
public final class Services {
    private static final Path SERVICES = Path.of("/etc/services");

    private Services() {
    }

    /** The service name of {@code port} for {@code proto} ("tcp", "udp"), or {@code "*"} when there is none. */
    public static String name(int port, String proto) {
        String wanted = port + "/" + proto;
        try (BufferedReader r = Files.newBufferedReader(SERVICES, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[1].equals(wanted)) return f[0];
            }
        } catch (IOException | RuntimeException e) {
            // No services file: nc prints '*' then, and so do we.
        }
        return "*";
    }
}
