package jnc.cli;

/** The socket kind for the network end: {@code SOCK_STREAM} over TCP (the default), datagrams, or SCTP. */
public enum Transport {
    TCP("tcp"), UDP("udp"), SCTP("sctp");

    /** The name /etc/services and the verbose lines use. */
    public final String protocol;

    Transport(String protocol) {
        this.protocol = protocol;
    }
}
