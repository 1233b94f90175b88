#!/usr/bin/env bash
# Start-up: wall time of `echo hi | jnc 127.0.0.1 PORT` (connect, send, half-close, get the
# listener's EOF, exit) beside a bare hello-world on the same JVM with its own AOT cache, and beside
# the C peers. Median of RUNS runs each (hyperfine). Loopback only.
# Usage: bench/startup.sh [RUNS (default 20)]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$here/..
RUNS=${1:-20}
PORT=${PORT:-47400}
"$root/jnc" --version >/dev/null          # build first
. "$root/scripts/find-jdk.sh"; jnc_find_jdk
J=$JNC_JAVA_HOME/bin
work=$(mktemp -d); trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT

# The bare JVM: a hello-world jar with an AOT cache, run with the launcher's flags.
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hi"); } }
JAVA
"$J/javac" -d "$work" "$work/Hello.java"
"$J/jar" cfe "$work/hello.jar" Hello -C "$work" Hello.class
"$J/java" -XX:AOTCacheOutput="$work/hello.aot" -XX:+UseSerialGC -XX:-UsePerfData -jar "$work/hello.jar" >/dev/null 2>&1

# A sink that serves every client and closes each one when it hangs up.
ncat -l -k 127.0.0.1 "$PORT" >/dev/null </dev/null & sink=$!
for _ in $(seq 100); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.02; done

hyperfine -N -w 3 -r "$RUNS" --export-json "$work/r.json" \
    -n bare-jvm "$J/java -XX:AOTCache=$work/hello.aot -XX:+UseSerialGC -XX:-UsePerfData -jar $work/hello.jar" \
    -n jnc-launcher "sh -c 'echo hi | $root/jnc 127.0.0.1 $PORT'" \
    -n jnc-java-jar "sh -c 'echo hi | $J/java -XX:AOTCache=$root/target/jnc.aot -XX:+UseSerialGC -XX:-UsePerfData -jar $root/target/jnc.jar 127.0.0.1 $PORT'" \
    -n sh-only "sh -c 'echo hi | true'" \
    -n ncat "sh -c 'echo hi | ncat 127.0.0.1 $PORT'" \
    -n nc.openbsd "sh -c 'echo hi | nc.openbsd -N 127.0.0.1 $PORT'" >/dev/null
python3 - "$work/r.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] * 1000 for k, v in r.items()}
for k, v in med.items():
    print(f"{k:14s} median {v:7.1f} ms   (mean {r[k]['mean']*1000:.1f} ± {r[k]['stddev']*1000:.1f})")
sh = med["sh-only"]
print(f"ratio jnc (launcher) / bare JVM: {(med['jnc-launcher'] - sh) / med['bare-jvm']:.2f}   (sh and echo subtracted)")
print(f"ratio jnc (java -jar) / bare JVM: {(med['jnc-java-jar'] - sh) / med['bare-jvm']:.2f}")
PY
