package jnc.base;

/** Ncat's exit codes, which scripts already test for. */
public enum ExitCode {
    /** Everything went as asked. */
    SUCCESS(0),
    /** A network error: refused, reset, timed out, unreachable. */
    NETWORK(1),
    /** A usage error or any other error: bad options, unknown host, address in use, files. */
    USAGE(2);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
