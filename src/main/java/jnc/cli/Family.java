package jnc.cli;

/** Which address family the user asked for with {@code -4}/{@code -6}; {@link #ANY} lets the name decide. */
public enum Family {
    ANY, INET, INET6
}
