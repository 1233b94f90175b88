package jnc;

/**
 * Four JDK settings that cost a netcat's start-up more than they are worth, answered in advance.
 * Scripts call jnc in loops, so each millisecond before the first byte counts. Both are only
 * defaults: a value the user set with {@code -D} is kept. Measured with {@code bench/startup.sh}
 * and {@code -Xlog:class+init} (BENCHMARKS.md, "Start-up").
 */
final class FastStart {
    private FastStart() {
    }

    static void apply() {
        // The first InetAddress asks the security property jdk.includeInExceptions, which loads and
        // parses the whole java.security file (~7 ms). A system property of that name is asked
        // first; this is the value the JDK's own java.security ships.
        byDefault("jdk.includeInExceptions", "hostInfoExclSocket");
        // The first channel looks for a SelectorProvider with a ServiceLoader over the class path
        // and every module (~6 ms) before it takes the default, which on Linux is epoll.
        if ("Linux".equals(System.getProperty("os.name"))) {
            byDefault("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
        }
        // The JDK's own start of NIO (jdk.net's OperatingSystem enum, the provider above) calls
        // methods reflectively. Each first call generates bytecode for a method handle (~4 ms in
        // all); the JVM's native accessor needs none. Nothing reflective is on a hot path of jnc,
        // so the native accessor's slower calls never matter. The JDK reads the property at the
        // first reflective call, which comes after this.
        byDefault("jdk.reflect.useNativeAccessorOnly", "true");
        // Names resolve in the system's order (getaddrinfo's, after /etc/hosts and gai.conf), as Ncat
        // resolves them: "localhost" is ::1 first where the system says so. The JDK's default puts
        // IPv4 first whatever the system says.
        byDefault("java.net.preferIPv6Addresses", "system");
    }

    /** Sets a system property the user did not set with {@code -D}. */
    private static void byDefault(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
