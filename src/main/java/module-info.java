/**
 * jnc, a netcat for Java, as a named module. It exports only its public API, {@link jnc.api}, and
 * offers the command line as a {@link java.util.spi.ToolProvider} named {@code jnc}; every other
 * package is internal.
 *
 * <p>{@code target/jnc.jar} is this module with JLine's terminal classes, zstd-jni and BouncyCastle's J-PAKE shaded in:
 * their packages belong to module {@code jnc} at run time, so they are required here only {@code
 * static} (for the compiler), and a module path must not hold JLine, zstd-jni or BouncyCastle beside it. The
 * launcher and the Debian package run the same jar on the class path (the AOT cache is made for that
 * layout); on a module path: {@code java --enable-native-access=jnc -p jnc.jar -m jnc/jnc.Main ...}.
 */
@SuppressWarnings("requires-automatic") // JLine is an automatic module; only the compiler sees it
module jnc {
    exports jnc.api;

    /** SCTP sockets ({@code --sctp}); the Debian package's runtime image holds java.base and this. */
    requires jdk.sctp;

    /** Shaded into the jar: needed to compile, found in this module at run time. */
    requires static org.jline;
    requires static com.github.luben.zstd_jni;
    requires static org.bouncycastle.provider;
    /** JLine's terminal-image classes name java.awt; jnc never loads them. */
    requires static java.desktop;

    provides java.util.spi.ToolProvider with jnc.JncTool;
}
