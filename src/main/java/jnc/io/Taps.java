package jnc.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jnc.base.Failure;
import jnc.cli.Options;
import jnc.base.IoErrors;

/** Opens the {@code -o} and {@code -x} logs the options ask for. */
public final class Taps {
    private Taps() {
    }

    public static Tap open(Options o) {
        Tap tap = Tap.NONE;
        if (o.output() != null) tap = Tap.both(tap, new RawLog(openLog(o.output(), o.appendOutput())));
        if (o.hexDump() != null) tap = Tap.both(tap, new HexLog(openLog(o.hexDump(), o.appendOutput())));
        return tap;
    }

    private static FileChannel openLog(Path p, boolean append) {
        try {
            return append
                    ? FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw Failure.usage("can't open " + p + ": " + IoErrors.describe(e));
        }
    }
}
