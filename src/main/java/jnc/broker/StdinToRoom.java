package jnc.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Function;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.io.CrlfEncoder;
import jnc.io.Stdio;
import jnc.io.Tap;

/**
 * The broker's (and the chat's) own stdin, as Ncat's: what is typed there goes to every client
 * (with {@code -C}, line ends as CRLF); not read at all with {@code --recv-only}, which sends nothing.
 */
final class StdinToRoom {
    private StdinToRoom() {
    }

    /** Starts the reader; {@code shape} turns what was read into what the room hears (chat's names), or null. */
    static void start(Room room, Tap tap, boolean crlf, Function<byte[], byte[]> shape) {
        Thread.ofPlatform().daemon().name("jnc-stdin").start(() -> {
            Room.Member speaker = room.stdinSpeaker();
            ReadableByteChannel in = Stdio.get().source();
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            CrlfEncoder lineEnds = crlf ? new CrlfEncoder() : null;
            try {
                while (true) {
                    buf.clear();
                    if (in.read(buf) < 0) return;
                    buf.flip();
                    ByteBuffer out = lineEnds == null ? buf : lineEnds.encode(buf);
                    tap.sent(out);
                    byte[] bytes = new byte[out.remaining()]; // the room keeps it: posts are never changed
                    out.duplicate().get(bytes);
                    byte[] said = shape == null ? bytes : shape.apply(bytes);
                    if (said != null && said.length > 0) room.say(speaker, said);
                }
            } catch (IOException e) {
                Diag.debug("stdin: " + IoErrors.describe(e));
            }
        });
    }
}
