package jnc.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this machine has IPv6 at all: a kernel with it disabled lists no addresses in if_inet6. */
final class Ipv6 {
    private static final Path IF_INET6 = Path.of("/proc/net/if_inet6");

    private Ipv6() {
    }

    static boolean available() {
        if (Boolean.getBoolean("java.net.preferIPv4Stack")) return false;
        if (!Files.exists(IF_INET6)) return true; // not Linux: let the JDK decide
        try (BufferedReader r = Files.newBufferedReader(IF_INET6)) {
            return r.readLine() != null;
        } catch (IOException e) {
            return true;
        }
    }
}
