package jnc.echo;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;

import jnc.Diag;
import jnc.ExitCode;
import jnc.net.IoErrors;
import jnc.relay.Counters;
import jnc.relay.NetEnd;
import jnc.relay.Tap;

/**
 * {@code --echo}: the course's echo server as a service. Every byte that arrives goes straight back;
 * the peer's EOF is answered with ours. It only sees a {@link NetEnd}, so it works over every
 * transport jnc has without code of its own.
 */
public final class EchoService {
    /** Direct, so the kernel copies straight into it (a heap buffer costs one more copy per read and write). */
    private static final int BUFFER = 4 * 1024;

    private EchoService() {
    }

    /** Echoes until the peer's EOF (or {@code idle} without a byte, when not null). */
    public static ExitCode serve(NetEnd net, Duration idle, Tap tap, Counters counters) {
        // Datagram ends need room for a whole datagram, so that each one is echoed as one.
        ByteBuffer buf = ByteBuffer.allocateDirect(NetEnd.bufferFor(net, BUFFER));
        try {
            ReadableByteChannel in = net.reader(idle);
            int n;
            while ((n = in.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                tap.sent(buf);
                while (buf.hasRemaining()) net.write(buf);
                counters.addReceived(n);
                counters.addSent(n);
                buf.clear();
            }
            net.shutdownOutput();
            return ExitCode.SUCCESS;
        } catch (SocketTimeoutException e) {
            Diag.verbose("jnc: Idle timeout expired (" + idle.toMillis() + " ms).");
            return ExitCode.NETWORK;
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
            return ExitCode.NETWORK;
        }
    }
}
