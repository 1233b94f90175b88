package jnc.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --lua-exec FILE}: Ncat runs the script in its own embedded Lua, in a child whose stdin and
 * stdout are the peer, with the {@code NCAT_*} variables set. No maintained Lua for the JVM is at
 * hand, and a standalone interpreter gives a script the same world: {@code io.read}/{@code io.write}
 * on the peer, {@code os.getenv} for the variables. So the script becomes {@code -e}'s command,
 * {@code lua5.4 FILE} (or lua5.3, or lua: Ncat embeds 5.3 or 5.4), found on the PATH here.
 */
final class LuaScript {
    /** The interpreters tried, in order. */
    static final String[] INTERPRETERS = {"lua5.4", "lua5.3", "lua"};

    private LuaScript() {
    }

    /** The command line for -e that runs {@code script}, its words quoted for -e's splitting. */
    static String command(String script) throws UsageException {
        Path file = Path.of(script);
        if (!Files.isRegularFile(file)) throw new UsageException("--lua-exec " + script + ": no such file.");
        if (!Files.isReadable(file)) throw new UsageException("--lua-exec " + script + ": Permission denied.");
        String lua = interpreter(System.getenv("PATH"));
        if (lua == null) {
            throw new UsageException("--lua-exec needs a Lua interpreter (lua5.4, lua5.3 or lua) on the PATH, and there is none.");
        }
        return quoted(lua) + " " + quoted(script);
    }

    /** The first interpreter found in {@code path} (a PATH value), or {@code null}. */
    static String interpreter(String path) {
        for (String name : INTERPRETERS) {
            for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    /** One word for -e's split: single quotes, a quote inside as {@code '\''}. */
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
