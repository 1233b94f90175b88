package jnc.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * Who may come into a listener, and how many at once.
 *
 * @param maxConns   {@code -m}, or the default (100)
 * @param allow      {@code --allow} specs, each possibly comma-separated; empty when none
 * @param allowFiles {@code --allowfile} paths
 * @param deny       {@code --deny} specs
 * @param denyFiles  {@code --denyfile} paths
 */
public record DoorRules(int maxConns, List<String> allow, List<Path> allowFiles, List<String> deny, List<Path> denyFiles) {

    public DoorRules {
        allow = List.copyOf(allow);
        allowFiles = List.copyOf(allowFiles);
        deny = List.copyOf(deny);
        denyFiles = List.copyOf(denyFiles);
    }

    /** Whether any access control was asked for. */
    public boolean accessControl() {
        return !allow.isEmpty() || !allowFiles.isEmpty() || !deny.isEmpty() || !denyFiles.isEmpty();
    }
}
