package jnc.door;

import java.util.concurrent.atomic.AtomicInteger;

/** {@code -m/--max-conns}: how many peers are served at once. Shared by every thread that accepts. */
final class Slots {
    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    Slots(int max) {
        this.max = max;
    }

    boolean tryTake() {
        if (taken.incrementAndGet() <= max) return true;
        taken.decrementAndGet();
        return false;
    }

    /** Takes a place over the limit: that of a peer that was just shed and has yet to give its own back. */
    void takeShedPlace() {
        taken.incrementAndGet();
    }

    void release() {
        taken.decrementAndGet();
    }

    int taken() {
        return taken.get();
    }

    int max() {
        return max;
    }
}
