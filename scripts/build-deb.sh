#!/usr/bin/env bash
# Builds target/deb/jnc_VERSION_ARCH.deb: a Debian package that needs no JDK on the target. It holds
# a runtime image (jlink: java.base and jdk.sctp only), jnc.jar, an AOT cache made by that runtime,
# and jpackage's native launcher as /usr/bin/jnc, plus the man pages and the bash/zsh completions.
# The package lives in /opt/jnc, jpackage's default. /usr/bin/jnc is a symlink, made by postinst and
# removed by prerm (as are the docs), to a two-line sh start script beside the jar, not to jpackage's
# native launcher (/opt/jnc/bin/jnc, kept): that launcher runs `rpm -qf`, `dpkg -S` and `dpkg -L` on
# every start to find the package it belongs to, which cost 120-150 ms per run here (BENCHMARKS.md).
# Opt-in (the normal build stays fast); DebPackageE2ETest calls it. Needs a JDK 25 (jlink, jpackage),
# and fakeroot and dpkg-deb (Debian's fakeroot and dpkg-dev packages).
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
root=$(readlink -f "$here/..")
. "$here/find-jdk.sh"
jnc_find_jdk || exit 2
J=$JNC_JAVA_HOME/bin
for t in fakeroot dpkg-deb; do
    command -v $t >/dev/null || { echo "build-deb: $t is needed: apt-get install fakeroot dpkg-dev" >&2; exit 2; }
done
"$root/jnc" --version >/dev/null                 # builds target/jnc.jar when it is missing or stale
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
out=$root/target/deb
rm -rf "$out"; mkdir -p "$out/input" "$out/resources"
cp "$root/target/jnc.jar" "$out/input/"
# The docs, generated from the option table, for postinst to put where man and the shells look.
"$J/java" -cp "$root/target/jnc.jar" jnc.cli.Docs "$out/input/doc"

# Only the modules jnc uses: jdeps also names java.desktop, for JLine's terminal-image classes
# (ITerm2Graphics, KittyGraphics), which jnc never loads; leaving it out saves ~25 MB.
modules=java.base,jdk.sctp
"$J/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$out/runtime"

# The launcher's JVM flags; the AOT cache is made by the image's own java with the same flags and
# class path layout (a cache only serves the runtime and flags that made it).
flags=$(sed -n 's/^flags="\(.*\)"$/\1/p' "$root/jnc")
"$out/runtime/bin/java" -XX:AOTCacheOutput="$out/input/jnc.aot" $flags -Xlog:aot=error,cds=error \
    --enable-native-access=ALL-UNNAMED -cp "$out/input/jnc.jar" jnc.Training >"$out/training.log" 2>&1 \
    || { cat "$out/training.log" >&2; exit 2; }
# The second cache, trained over TLS, for runs with an --ssl option (jnc.Training says why there are two).
"$out/runtime/bin/java" -XX:AOTCacheOutput="$out/input/jnc-tls.aot" $flags -Xlog:aot=error,cds=error \
    --enable-native-access=ALL-UNNAMED -cp "$out/input/jnc.jar" jnc.Training tls >"$out/training.log" 2>&1 \
    || { cat "$out/training.log" >&2; exit 2; }
# The third, for runs that name a service (the proxy server, chat, broker, -e, -c), as ./jnc has it.
"$out/runtime/bin/java" -XX:AOTCacheOutput="$out/input/jnc-serve.aot" $flags -Xlog:aot=error,cds=error \
    --enable-native-access=ALL-UNNAMED -cp "$out/input/jnc.jar" jnc.Training serve </dev/null >"$out/training.log" 2>&1 \
    || { cat "$out/training.log" >&2; exit 2; }
# The fourth, for --send and --receive, trained with the launcher's JIT settings for a transfer (as pom.xml does).
xfer_flags=$(sed -n "s/^    tls=\"\\\$tls \(.*\)\"$/\1/p" "$root/jnc")
xfer_jit=$(sed -n "s/^    xfer_jit='\(.*\)'$/\1/p" "$root/jnc")
[ -n "$xfer_flags" ] && [ -n "$xfer_jit" ] || { echo "build-deb: the launcher's transfer JIT flags were not found" >&2; exit 2; }
"$out/runtime/bin/java" -XX:AOTCacheOutput="$out/input/jnc-xfer.aot" $flags -Xlog:aot=error,cds=error $xfer_flags "$xfer_jit" \
    --enable-native-access=ALL-UNNAMED -cp "$out/input/jnc.jar" jnc.Training transfer </dev/null >"$out/training.log" 2>&1 \
    || { cat "$out/training.log" >&2; exit 2; }

# The start script: the image's java, the launcher's flags, the cache, -cp as ./jnc runs it. A run
# with an --ssl option gets the TLS cache and JIT settings, --send/--receive the JIT's usual
# thresholds, exactly as ./jnc gives them (its comments say why); keep the two in step.
cat > "$out/input/jnc.sh" <<'SH'
#!/bin/sh
aot=/opt/jnc/lib/app/jnc.aot tls= tls_jit=
case " $* " in *" --ssl"*|*" --code"*) aot=/opt/jnc/lib/app/jnc-tls.aot; tls=-XX:CompileCommand=quiet; tls_jit='-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1' ;; esac
xfer_jit=
case " $* " in *" --send "*|*" --send="*|*" --receive "*|*" --receive="*)
    [ -z "$tls" ] && aot=/opt/jnc/lib/app/jnc-xfer.aot
    tls="$tls -XX:CompileThresholdScaling=1 -XX:CompileCommand=quiet -XX:Tier4InvocationThreshold=1000000 -XX:Tier4MinInvocationThreshold=1000000 -XX:Tier4CompileThreshold=1000000 -XX:Tier4BackEdgeThreshold=10000000"
    xfer_jit='-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.005'
    [ -n "$tls_jit" ] && tls_jit='-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.005' ;;
esac
[ -z "$tls" ] && case " $* " in *" --proxy-type"*|*" --chat "*|*" --broker "*|*" -e "*|*" -c "*|*" --exec"*|*" --sh-exec"*|*" --lua-exec"*) aot=/opt/jnc/lib/app/jnc-serve.aot ;; esac
ws_jit=
case " $* " in *" --ws"*|*" ws://"*|*" wss://"*) tls="$tls -XX:CompileCommand=quiet"; ws_jit='-XX:CompileCommand=CompileThresholdScaling,jnc.ws.*::*,0.1' ;; esac
exec /opt/jnc/lib/runtime/bin/java -XX:AOTCache=$aot @FLAGS@ $tls ${tls_jit:+"$tls_jit"} ${xfer_jit:+"$xfer_jit"} ${ws_jit:+"$ws_jit"} --enable-native-access=ALL-UNNAMED ${JNC_JAVA_OPTS:-} -cp /opt/jnc/lib/app/jnc.jar jnc.Main "$@"
SH
sed -i "s/@FLAGS@/$flags/" "$out/input/jnc.sh"
chmod 755 "$out/input/jnc.sh"

cat > "$out/resources/postinst" <<'SH'
#!/bin/sh
set -e
app=/opt/jnc/lib/app
ln -sf /opt/jnc/lib/app/jnc.sh /usr/bin/jnc
install -D -m 644 "$app/doc/jnc.1" /usr/share/man/man1/jnc.1
install -D -m 644 "$app/doc/jnc.de.1" /usr/share/man/de/man1/jnc.1
install -D -m 644 "$app/doc/jnc.bash-completion" /usr/share/bash-completion/completions/jnc
install -D -m 644 "$app/doc/jnc.zsh-completion" /usr/share/zsh/vendor-completions/_jnc
exit 0
SH
cat > "$out/resources/prerm" <<'SH'
#!/bin/sh
set -e
if [ "$(readlink /usr/bin/jnc 2>/dev/null)" = /opt/jnc/lib/app/jnc.sh ]; then rm -f /usr/bin/jnc; fi
rm -f /usr/share/man/man1/jnc.1 /usr/share/man/de/man1/jnc.1 \
      /usr/share/bash-completion/completions/jnc /usr/share/zsh/vendor-completions/_jnc
exit 0
SH
chmod 755 "$out/resources/postinst" "$out/resources/prerm"

"$J/jpackage" --type deb --dest "$out" --name jnc --app-version "$version" \
    --description "a netcat for Java: connect, listen and relay bytes over the network" \
    --vendor jnc --linux-package-name jnc --linux-deb-maintainer jnc@localhost \
    --linux-app-category net \
    --resource-dir "$out/resources" --runtime-image "$out/runtime" \
    --input "$out/input" --main-jar jnc.jar --main-class jnc.Main \
    --java-options "-XX:AOTCache=\$APPDIR/jnc.aot $flags --enable-native-access=ALL-UNNAMED"
ls "$out"/*.deb
