package jnc.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library through the FFM API, for what the JDK does not offer (splice, raw and Unix datagram
 * sockets, the unicast TTL, a scan's own connects). A call made with {@link #withErrno} takes a
 * call-state segment as its first argument ({@link #CALL_STATE}, one per thread) into which the
 * JVM saves {@code errno} before anything else can change it; {@link #errno} reads it back.
 *
 * <p>Linking a function costs milliseconds, so each user binds only what it calls, when first needed.
 */
public final class Libc {
    /** The layout of a call-state segment: allocate one from an arena per thread that calls. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Libc() {
    }

    /** A C function whose {@code errno} is saved into the call-state segment passed as its first argument. */
    public static MethodHandle withErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
    }

    /** A C function called as it is, for those whose failure needs no reason. */
    public static MethodHandle plain(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd);
    }

    /** The {@code errno} the last call through {@code state} saved. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** The C library's words for an errno value, as perror prints them ("Connection refused"), without a full stop. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    /** Bound on the first error to describe, not before. */
    private static final class Strerror {
        static final MethodHandle HANDLE = plain("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }
}
