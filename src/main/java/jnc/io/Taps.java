package jnc.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jnc.base.Failure;
import jnc.cli.Logs;
import jnc.base.IoErrors;

/** Opens the {@code -o} and {@code -x} logs the options ask for. */
public final class Taps {
    private Taps() {
    }

    public static Tap open(Logs logs) {
        Tap tap = Tap.NONE;
        if (logs.output() != null) tap = Tap.both(tap, new RawLog(openLog(logs.output(), logs.append())));
        if (logs.hexDump() != null) tap = Tap.both(tap, new HexLog(openLog(logs.hexDump(), logs.append())));
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
