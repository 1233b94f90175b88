package jnc.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import jnc.Diag;
import jnc.net.IoErrors;
import jnc.relay.Counters;
import jnc.relay.Tap;

/**
 * {@code --chat}, as Ncat's: every client is {@code <userN>}; joins and leaves are announced to all;
 * each line a client sends goes to everyone else as {@code <userN> line}. Control bytes are shown
 * escaped ({@code \x1b}), so no client can move another's cursor, clear its screen or retitle its
 * terminal.
 */
public final class Chat {
    /** A line longer than this is passed on in pieces rather than held back. */
    private static final int MAX_LINE = 4096;
    private final Room room;
    private final Tap tap;
    private final Counters counters;

    public Chat(Tap tap, Counters counters) {
        this.room = new Room(counters);
        this.tap = tap;
        this.counters = counters;
    }

    public void serve(SocketChannel client) {
        Room.Member me = room.join(client);
        announceJoin(me);
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                counters.addReceived(n);
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    line.write(b);
                    if (b == '\n' || line.size() >= MAX_LINE) {
                        say(me, line.toByteArray());
                        line.reset();
                    }
                }
                buf.clear();
            }
            if (line.size() > 0) say(me, line.toByteArray());
        } catch (IOException e) {
            Diag.debug("<user" + me.id() + ">: " + IoErrors.describe(e));
        } finally {
            room.leave(me);
            room.sendToAllBut(null, text("<announce> <user" + me.id() + "> is disconnected.\n"));
        }
    }

    private void announceJoin(Room.Member me) {
        StringBuilder sb = new StringBuilder();
        sb.append("<announce> ").append(address(me)).append(" is connected as <user").append(me.id()).append(">.\n");
        sb.append("<announce> already connected: ");
        int count = 0;
        for (Room.Member m : room.members()) {
            if (m == me) continue;
            if (count++ > 0) sb.append(", ");
            sb.append(address(m)).append(" as <user").append(m.id()).append('>');
        }
        if (count == 0) sb.append("nobody");
        sb.append(".\n");
        room.sendToAllBut(null, text(sb.toString()));
    }

    private void say(Room.Member from, byte[] line) {
        StringBuilder sb = new StringBuilder(line.length + 16).append("<user").append(from.id()).append("> ");
        escape(line, sb);
        room.sendToAllBut(from, ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Keeps printable text (UTF-8 included), tab and the line's end; every other control byte
     * (ESC, BEL, backspace, a lone CR, DEL ...) becomes {@code \xHH}.
     */
    static void escape(byte[] line, StringBuilder out) {
        int end = line.length;
        boolean newline = end > 0 && line[end - 1] == '\n';
        if (newline) end--;
        if (newline && end > 0 && line[end - 1] == '\r') end--; // CRLF from telnet-style clients
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\n');
    }

    private static String address(Room.Member m) {
        try {
            InetSocketAddress a = (InetSocketAddress) m.channel().getRemoteAddress();
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
