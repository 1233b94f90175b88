package jnc.transfer;

import java.io.IOException;

/** A transfer's failure in jnc's own words, shown as it is (not reworded as a socket error). */
class TransferException extends IOException {
    TransferException(String message) {
        super(message);
    }
}
