package jnc.base;

/**
 * An error the user should read as one line, {@code jnc: <message>}, with the exit code it maps to.
 * Thrown by any layer; only {@code jnc.Main} prints it. No stack trace is ever shown.
 */
public final class Failure extends RuntimeException {
    public final ExitCode exitCode;

    public Failure(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static Failure network(String message) {
        return new Failure(ExitCode.NETWORK, message);
    }

    public static Failure usage(String message) {
        return new Failure(ExitCode.USAGE, message);
    }
}
