package jnc.transfer;

import java.io.IOException;

/** An archive member the receiver will not write: the transfer stops with exit 1 and this line. */
final class Refusal extends IOException {
    Refusal(String name, String why) {
        super("refusing \"" + Names.printable(name) + "\": " + why);
    }
}
