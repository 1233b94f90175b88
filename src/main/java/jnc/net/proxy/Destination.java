package jnc.net.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;

import jnc.net.Addresses;

/**
 * The target as the proxy is told about it: an address (resolved here, or a literal), or a host
 * name that the proxy resolves. Exactly one of {@code address} and {@code name} is set.
 */
record Destination(InetAddress address, String name, int port) {

    static Destination ofAddress(InetAddress address, int port) {
        return new Destination(address, null, port);
    }

    static Destination ofName(String name, int port) {
        return new Destination(null, name, port);
    }

    boolean isName() {
        return name != null;
    }

    /** {@code host:port} as an HTTP request target (RFC 9110 authority-form): IPv6 in brackets. */
    String authority() {
        if (name != null) return name + ":" + port;
        String a = Addresses.text(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }
}
