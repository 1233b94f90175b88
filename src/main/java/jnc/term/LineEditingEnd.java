package jnc.term;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import jnc.io.LocalEnd;

/**
 * The local end of a chat typed at a terminal. A JLine {@link LineReader} edits the line being
 * typed; what the network sends is printed <em>above</em> that line ({@link LineReader#printAbove}),
 * so the half-typed "How are you?" of the course text is no longer torn apart by an incoming line.
 * <ul>
 *   <li>Enter sends the line with {@code "\n"} (the relay turns it into CRLF with {@code -C});</li>
 *   <li>Ctrl-D on an empty line is EOF on stdin (the relay half-closes as usual); Ctrl-C ends jnc;</li>
 *   <li>incoming bytes are printed a line at a time; a partial line (no newline yet) is printed
 *       once nothing more arrived for {@link #PARTIAL_LINE_DELAY_MS}, so a prompt such as
 *       {@code "Password: "} still shows.</li>
 * </ul>
 * The line is sent as typed: no history expansion ({@code !!}), no quote or backslash rules, Tab
 * inserts a tab.
 */
final class LineEditingEnd implements LocalEnd {
    /** How long a partial incoming line waits for the rest of it before it is printed anyway. */
    static final long PARTIAL_LINE_DELAY_MS = 150;

    private final Terminal terminal;
    private final LineReader reader;
    private final Charset charset;
    private final Incoming incoming = new Incoming();
    /** The terminal's modes before jnc took it, given back at stdin EOF (Ctrl-C works again). */
    private final Attributes cooked;

    LineEditingEnd() throws IOException {
        terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        charset = terminal.encoding();
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jnc")
                .parser(parser)
                .history(new DefaultHistory()) // in memory only: up-arrow recalls earlier lines
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, true)
                .variable(LineReader.DISABLE_COMPLETION, true)
                .build();
        KeyMap<Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        main.bind(new Reference(LineReader.SELF_INSERT), "\t");
        // Raw mode from now on, not only inside readLine: keys typed between two lines (right after
        // Enter) then reach the line reader too, instead of the terminal's own line editing, which
        // would swallow a Ctrl-D and echo the keys itself.
        cooked = terminal.enterRawMode();
        Thread.ofPlatform().daemon().name("jnc-term-partial").start(incoming::flushPartialLines);
    }

    @Override
    public ReadableByteChannel source() {
        return typed;
    }

    @Override
    public WritableByteChannel sink() {
        return incoming;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void closeSink() {
        incoming.close();
    }

    /** Prints what is still held, leaves the line being typed and restores the terminal's modes. */
    void close() {
        incoming.close();
        try {
            if (reader.isReading()) terminal.writer().println(); // the shell's prompt starts on a line of its own
            terminal.flush();
            terminal.close();
        } catch (IOException | RuntimeException ignored) {
            // the terminal went away; nothing to restore
        }
    }

    // ---------------------------------------------------------------------------------------
    // the person typing -> the network

    private final ReadableByteChannel typed = new ReadableByteChannel() {
        private ByteBuffer line = ByteBuffer.allocate(0);
        private boolean eof;

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (eof) return -1;
            while (!line.hasRemaining()) {
                String text;
                try {
                    text = reader.readLine("");
                } catch (EndOfFileException e) {
                    eof = true; // Ctrl-D on an empty line
                    terminal.setAttributes(cooked);
                    return -1;
                } catch (UserInterruptException e) {
                    // What Ctrl-C does to a netcat without a line editor: the end, with 128 + SIGINT.
                    close();
                    System.exit(130);
                    return -1;
                } catch (java.io.IOError e) {
                    throw new IOException("terminal: " + e.getMessage(), e);
                }
                line = ByteBuffer.wrap((text + "\n").getBytes(charset));
            }
            int n = Math.min(dst.remaining(), line.remaining());
            dst.put(line.slice(line.position(), n));
            line.position(line.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return !eof;
        }

        @Override
        public void close() {
            eof = true;
        }
    };

    // ---------------------------------------------------------------------------------------
    // the network -> the screen, above the line being typed

    /** Collects the network's bytes and prints them above the input line, whole lines at a time. */
    private final class Incoming implements WritableByteChannel {
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private long heldSince;
        private boolean closed;

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            if (closed) throw new ClosedChannelException();
            int n = src.remaining();
            if (held.size() == 0) heldSince = System.nanoTime();
            byte[] bytes = new byte[n];
            src.get(bytes);
            held.write(bytes, 0, n);
            byte[] all = held.toByteArray();
            int lastNewline = lastIndexOf(all, (byte) '\n');
            if (lastNewline >= 0) {
                print(all, 0, lastNewline + 1);
                held.reset();
                held.write(all, lastNewline + 1, all.length - lastNewline - 1);
                heldSince = System.nanoTime();
            }
            if (held.size() > 0) notifyAll(); // the partial-line timer starts
            return n;
        }

        /** Runs on its own thread: prints a partial line that has waited long enough. */
        synchronized void flushPartialLines() {
            while (!closed) {
                try {
                    if (held.size() == 0) {
                        wait();
                        continue;
                    }
                    long waitedMs = (System.nanoTime() - heldSince) / 1_000_000;
                    if (waitedMs < PARTIAL_LINE_DELAY_MS) {
                        wait(PARTIAL_LINE_DELAY_MS - waitedMs);
                        continue;
                    }
                    printHeld();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Prints what is held, keeping back only an unfinished UTF-8 character (it may be completed later). */
        private void printHeld() {
            byte[] all = held.toByteArray();
            int cut = Utf8.completePrefix(all, all.length);
            if (cut == 0) cut = all.length; // only a fragment: it is printed rather than held forever
            print(all, 0, cut);
            held.reset();
            held.write(all, cut, all.length - cut);
            heldSince = System.nanoTime();
        }

        private void print(byte[] b, int off, int len) {
            String text = new String(b, off, len, charset);
            // printAbove ends the text with a newline when it lacks one: a partial line stands on its own.
            reader.printAbove(text);
        }

        @Override
        public synchronized boolean isOpen() {
            return !closed;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            if (held.size() > 0) print(held.toByteArray(), 0, held.size());
            held.reset();
            closed = true;
            notifyAll();
        }

        private static int lastIndexOf(byte[] b, byte value) {
            for (int i = b.length - 1; i >= 0; i--) if (b[i] == value) return i;
            return -1;
        }
    }
}
