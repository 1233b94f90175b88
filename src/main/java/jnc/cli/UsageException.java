package jnc.cli;

/** A mistake on the command line: reported as one {@code jnc: ...} line, exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
