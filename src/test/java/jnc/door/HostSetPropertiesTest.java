package jnc.door;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jnc.base.Failure;

/**
 * Allow and deny lists, given on the command line or in files: any text gives a set or one usage
 * line ({@link Failure}), never another exception. With {@code -n}, so no name is looked up.
 * Checked over many random cases, each from its own seed (named in a failure, so it replays), after
 * the edge cases: empty text, each piece alone, empty, all-zero and all-0xFF files.
 */
class HostSetPropertiesTest {
    private static final int CASES = 5000;
    private static final int FILE_CASES = 1000;
    private static final String[] PIECES = {"127.0.0.1", "0177.0.0.1", "0x7f.1", "::1", "::ffff:0:0/96", "10.0.0.0/8", "/", "-",
        "*", ",", " ", "#", "\n", "1-2", "300", ".", ":", "[", "]", "0x", "99999999999", "fe80::/129", "1.2.3.4-", "\u00e9"};

    private static List<String> edgeSpecs() {
        List<String> specs = new ArrayList<>(List.of("", "\u0000", "\uffff", "\ud800", String.join("", PIECES)));
        specs.addAll(Arrays.asList(PIECES));
        return specs;
    }

    /** Up to ten parts joined: each a piece of host syntax, or up to 12 characters (ASCII often, any char else). */
    private static String randomSpec(Random r) {
        StringBuilder sb = new StringBuilder();
        int parts = r.nextInt(11);
        for (int i = 0; i < parts; i++) {
            if (r.nextBoolean()) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            } else {
                int len = r.nextInt(13);
                for (int k = 0; k < len; k++) sb.append(r.nextBoolean() ? (char) r.nextInt(0x80) : (char) r.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    @Test
    void specsGiveASetOrOneLine() {
        List<String> edges = edgeSpecs();
        for (int i = 0; i < edges.size(); i++) checkSpecs(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < CASES; seed++) checkSpecs(randomSpec(new Random(seed)), "seed " + seed);
    }

    private static void checkSpecs(String list, String which) {
        HostSet s = new HostSet();
        try {
            s.addSpecs(list, true);
            s.contains(InetAddress.getLoopbackAddress());
            s.contains(InetAddress.ofLiteral("::1"));
        } catch (Failure intended) {
            // "error in host specification ..."
        } catch (RuntimeException e) {
            throw new AssertionError(which + ": " + quoted(list) + " threw", e);
        }
    }

    @Test
    void filesGiveASetOrOneLine() throws Exception {
        List<byte[]> edges = new ArrayList<>(List.of(new byte[0], new byte[] {0}, new byte[] {(byte) 0xff}, new byte[] {'\n'}));
        for (int n : new int[] {3, 300}) {
            byte[] zeros = new byte[n];
            byte[] ones = new byte[n];
            Arrays.fill(ones, (byte) 0xff);
            edges.add(zeros);
            edges.add(ones);
        }
        for (String spec : edgeSpecs()) edges.add(spec.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < edges.size(); i++) checkFile(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < FILE_CASES; seed++) {
            Random r = new Random(seed);
            // A third of the files are random bytes, the rest host syntax.
            byte[] content;
            if (r.nextInt(3) == 0) {
                content = new byte[r.nextInt(301)];
                r.nextBytes(content);
            } else {
                content = randomSpec(r).getBytes(StandardCharsets.UTF_8);
            }
            checkFile(content, "seed " + seed);
        }
    }

    private static void checkFile(byte[] content, String which) throws Exception {
        Path f = Files.createTempFile("jnc-hosts", "");
        try {
            Files.write(f, content);
            HostSet s = new HostSet();
            try {
                s.addFile(f, true);
                s.contains(InetAddress.getLoopbackAddress());
            } catch (Failure intended) {
                // a usage line
            } catch (Exception e) {
                throw new AssertionError(which + ": a file of " + content.length + " bytes threw", e);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        return sb.append('"').toString();
    }
}
