package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --receive} against crafted hostile tar streams (made with Python's tarfile, sent with
 * nc.openbsd): nothing is ever written outside the receiving directory, and each case ends with
 * exit 1 and one line that names the member, control characters escaped.
 */
@Timeout(180)
class HostileArchiveE2ETest {
    static final Duration T = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    Path dst;
    Path outside;

    @BeforeEach
    void dirs() throws Exception {
        dst = Files.createDirectories(tmp.resolve("dst"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    /** Writes tmp/evil.tar with a Python body that has {@code t} (a tarfile open for writing), {@code add(info, bytes)} and the paths. */
    private Path archive(String body) throws Exception {
        Path script = tmp.resolve("make.py");
        Files.writeString(script, """
                import tarfile, io, sys
                dst, outside = sys.argv[2], sys.argv[3]
                t = tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT)
                def add(name, data=b'', type=tarfile.REGTYPE, link='', mode=0o644, pax=None):
                    i = tarfile.TarInfo(name); i.size = len(data); i.type = type; i.linkname = link; i.mode = mode
                    if pax: i.pax_headers = pax
                    t.addfile(i, io.BytesIO(data) if type == tarfile.REGTYPE else None)
                """ + body.stripIndent() + "\nt.close()\n");
        Path tar = tmp.resolve("evil.tar");
        try (Proc py = Proc.cmd(Peers.require("python3"), script.toString(), tar.toString(), dst.toString(), outside.toString()).start()) {
            assertThat(py.waitFor(T)).as(py.stderr()).isZero();
        }
        return tar;
    }

    private Proc receive(Path stream, String... extra) {
        List<String> args = new ArrayList<>(List.of("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()));
        args.addAll(List.of(extra));
        Proc recv = Proc.jnc(args.toArray(String[]::new)).start();
        int port = recv.awaitListeningPort();
        try (Proc feed = Proc.cmd(Peers.require("nc.openbsd"), "-N", "127.0.0.1", String.valueOf(port)).stdinFrom(stream).start()) {
            recv.waitFor(T);
            feed.waitFor(T);
        }
        return recv;
    }

    private void refused(String body, String line) throws Exception {
        try (Proc recv = receive(archive(body))) {
            assertThat(recv.waitFor(T)).as(recv.stderr()).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: " + line);
        }
        try (var s = Files.list(outside)) {
            assertThat(s).as("nothing written outside").isEmpty();
        }
    }

    @Test
    void absoluteNames() throws Exception {
        refused("add(outside + '/evil', b'x')", "refusing \"" + outside + "/evil\": an absolute name");
    }

    @Test
    void dotDotNames() throws Exception {
        refused("add('ok/../../outside/evil', b'x')", "refusing \"ok/../../outside/evil\": a name with '..'");
    }

    @Test
    void symlinkLeadingOut() throws Exception {
        refused("add('esc', type=tarfile.SYMTYPE, link='../outside')\nadd('esc/evil', b'x')",
                "refusing \"esc\": a symlink that leads out of the receiving directory");
    }

    @Test
    void absoluteSymlink() throws Exception {
        refused("add('abs', type=tarfile.SYMTYPE, link=outside)", "refusing \"abs\": a symlink to an absolute path");
    }

    /** A link that looks inside but passes through a link that leads out. */
    @Test
    void symlinkThroughAnotherLinkLeadingOut() throws Exception {
        Files.createSymbolicLink(dst.resolve("door"), outside);
        refused("add('via', type=tarfile.SYMTYPE, link='door/x')", "refusing \"via\": a symlink that leads out of the receiving directory");
    }

    @Test
    void hardlinkLeadingOut() throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        try (Proc recv = receive(archive("add('h', type=tarfile.LNKTYPE, link='../outside/secret')"))) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: refusing \"h\": a hard link that leads out of the receiving directory");
        }
        try (Proc recv = receive(archive("add('h2', type=tarfile.LNKTYPE, link=outside + '/secret')"))) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: refusing \"h2\": a hard link to an absolute path");
        }
        assertThat(dst.resolve("h")).doesNotExist();
        assertThat(dst.resolve("h2")).doesNotExist();
    }

    /** A symlink already in the receiving directory that leads out is not written through. */
    @Test
    void existingSymlinkLeadingOut() throws Exception {
        Files.createSymbolicLink(dst.resolve("door"), outside);
        refused("add('door/evil', b'x')", "refusing \"door/evil\": a symlink on its way leads out of the receiving directory");
    }

    @Test
    void devicesAndFifos() throws Exception {
        refused("i = tarfile.TarInfo('null'); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)",
                "refusing \"null\": a device file");
        refused("i = tarfile.TarInfo('disk'); i.type = tarfile.BLKTYPE; i.devmajor = 8; t.addfile(i)", "refusing \"disk\": a device file");
        refused("add('pipe', type=tarfile.FIFOTYPE)", "refusing \"pipe\": a FIFO");
        assertThat(dst.resolve("null")).doesNotExist();
        assertThat(dst.resolve("pipe")).doesNotExist();
    }

    @Test
    void setUidAndSetGidBitsAreDropped() throws Exception {
        try (Proc recv = receive(archive("add('suid', b'#!/bin/sh\\n', mode=0o6755)"))) {
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
        }
        assertThat(Files.getAttribute(dst.resolve("suid"), "unix:mode")).isEqualTo(0100755);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("suid")))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void noOverwriteWithoutForce() throws Exception {
        Files.writeString(dst.resolve("mine"), "mine");
        Path tar = archive("add('mine', b'theirs')");
        try (Proc recv = receive(tar)) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: refusing \"mine\": it exists already (--force replaces it)");
        }
        assertThat(dst.resolve("mine")).hasContent("mine");
        try (Proc recv = receive(tar, "--force")) {
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
        }
        assertThat(dst.resolve("mine")).hasContent("theirs");
    }

    @Test
    void capsOnNameLengthAndHeaderSize() throws Exception {
        refused("add('a/' * 2100 + 'f', b'x')", "a member name longer than 4096 bytes");
        refused("add('f', b'x', pax={'comment': 'x' * (1 << 21)})", "a pax header of");
    }

    /** A million and one empty pax headers: the entry cap ends it, with bounded memory. */
    @Test
    void capOnEntryCount() throws Exception {
        Path script = tmp.resolve("many.py");
        Files.writeString(script, """
                import gzip, sys
                h = bytearray(512); h[0:1] = b'x'; h[100:108] = b'0000644\\0'; h[124:136] = b'00000000000\\0'; h[156:157] = b'x'
                h[257:263] = b'ustar\\0'; h[263:265] = b'00'; h[148:156] = b' ' * 8
                s = sum(h); h[148:156] = ('%06o\\0 ' % s).encode()
                block = bytes(h) * 1000
                with gzip.open(sys.argv[1], 'wb', compresslevel=1) as f:
                    for i in range(1002): f.write(block)
                    f.write(bytes(1024))
                """);
        Path tar = tmp.resolve("many.tar.gz");
        try (Proc py = Proc.cmd(Peers.require("python3"), script.toString(), tar.toString()).start()) {
            assertThat(py.waitFor(T)).as(py.stderr()).isZero();
        }
        try (Proc recv = receive(tar)) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: more than 1000000 members");
        }
    }

    /** Control characters in a name never reach the terminal raw. */
    @Test
    void controlCharactersAreEscapedWhenPrinted() throws Exception {
        try (Proc recv = receive(archive("add('../\\x1b[2J\\x07evil', b'x')"))) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: refusing \"../\\x1b[2J\\x07evil\": a name with '..'").doesNotContain("\u001b");
        }
    }
}
