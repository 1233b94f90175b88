package jnc.transfer;


/** An archive member the receiver will not write: the transfer stops with exit 1 and this line. */
final class Refusal extends TransferException {
    Refusal(String name, String why) {
        super("refusing \"" + Names.printable(name) + "\": " + why);
    }
}
