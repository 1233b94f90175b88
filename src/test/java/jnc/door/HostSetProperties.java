package jnc.door;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import jnc.base.Failure;

/**
 * Allow and deny lists, given on the command line or in files: any text gives a set or one usage
 * line ({@link Failure}), never another exception. With {@code -n}, so no name is looked up.
 */
class HostSetProperties {
    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> pieces = Arbitraries.of("127.0.0.1", "0177.0.0.1", "0x7f.1", "::1", "::ffff:0:0/96", "10.0.0.0/8", "/", "-",
                "*", ",", " ", "#", "\n", "1-2", "300", ".", ":", "[", "]", "0x", "99999999999", "fe80::/129", "1.2.3.4-", "\u00e9");
        return Arbitraries.oneOf(pieces, Arbitraries.strings().ofMaxLength(12)).list().ofMaxSize(10).map(l -> String.join("", l));
    }

    @Property(tries = 1000)
    void specsGiveASetOrOneLine(@ForAll("specs") String list) {
        HostSet s = new HostSet();
        try {
            s.addSpecs(list, true);
            s.contains(InetAddress.getLoopbackAddress());
            s.contains(InetAddress.ofLiteral("::1"));
        } catch (Failure intended) {
            // "error in host specification ..."
        }
    }

    @Property(tries = 200)
    void filesGiveASetOrOneLine(@ForAll("specs") String text, @ForAll byte[] junk) throws Exception {
        Path f = Files.createTempFile("jnc-hosts", "");
        try {
            Files.write(f, junk.length % 3 == 0 ? junk : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HostSet s = new HostSet();
            try {
                s.addFile(f, true);
                s.contains(InetAddress.getLoopbackAddress());
            } catch (Failure intended) {
                // a usage line
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
