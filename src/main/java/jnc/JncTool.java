package jnc;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.spi.ToolProvider;


/**
 * jnc as a {@link ToolProvider}: {@code ToolProvider.findFirst("jnc").orElseThrow().run(out, err, args)}
 * runs a jnc command line in this JVM and returns its exit code (Ncat's: 0, 1, 2).
 *
 * <p>It sits beside {@link Main} in the top package (the only one that may call Main); the public API
 * is {@code jnc.api}. What jnc prints for a person (help, version, errors, {@code -v} lines) goes to {@code out} and
 * {@code err}. The relayed bytes use the process's own stdin and stdout, as the command does: a
 * relay reads and writes file descriptors 0 and 1 directly, so that large transfers need no copy.
 * Runs are serialised, since {@code System.out} and {@code System.err} are pointed at the writers for
 * the length of one run.
 */
public final class JncTool implements ToolProvider {
    /** The public no-argument constructor {@link java.util.ServiceLoader} needs. */
    public JncTool() {
    }

    @Override
    public String name() {
        return "jnc";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        synchronized (JncTool.class) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            Charset cs = oldOut.charset();
            try (PrintStream o = new PrintStream(new WriterStream(out, cs), true, cs);
                 PrintStream e = new PrintStream(new WriterStream(err, cs), true, cs)) {
                System.setOut(o);
                System.setErr(e);
                return Main.run(args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
                out.flush();
                err.flush();
            }
        }
    }

    /** Bytes to a writer: a PrintStream over a PrintWriter, decoding with the stream's charset. */
    private static final class WriterStream extends OutputStream {
        private final Writer writer;
        private final Charset charset;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        WriterStream(Writer writer, Charset charset) {
            this.writer = writer;
            this.charset = charset;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            writer.write(pending.toString(charset));
            pending.reset();
            writer.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
