#!/usr/bin/env bash
# Start-up: wall time of `echo hi | jnc 127.0.0.1 PORT` (connect, send, half-close, get the
# listener's EOF, exit) beside a bare hello-world on the same JVM with its own AOT cache, and beside
# the C peers. Median of RUNS interleaved runs each. Loopback only.
# Usage: bench/startup.sh [RUNS (default 20)]
# TLS=1 adds `echo hi | jnc --ssl 127.0.0.1 PORT` beside `ncat --ssl`, against an `openssl s_server`
# sink with an RSA 2048 certificate (as most servers have); JNC_B=/path/to/another/jnc adds that
# build's `--ssl` run too, for an A/B in the same run. A listener's TLS start-up: TLS=1 bench/listen.py.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$here/..
RUNS=${1:-20}
PORT=${PORT:-28900}
"$root/jnc" --version >/dev/null          # build first
[ -z "${JNC_B:-}" ] || "$JNC_B" --version >/dev/null
. "$root/scripts/find-jdk.sh"; jnc_find_jdk
J=$JNC_JAVA_HOME/bin
work=$(mktemp -d); trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT

# The bare JVM: a hello-world jar with an AOT cache, run with the launcher's flags (read from it).
FLAGS=$(sed -n 's/^flags="\(.*\)"$/\1/p' "$root/jnc")
[ -n "$FLAGS" ] || { echo "no flags= line in $root/jnc" >&2; exit 2; }
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hi"); } }
JAVA
"$J/javac" -d "$work" "$work/Hello.java"
"$J/jar" cfe "$work/hello.jar" Hello -C "$work" Hello.class
"$J/java" -XX:AOTCacheOutput="$work/hello.aot" $FLAGS -jar "$work/hello.jar" >/dev/null 2>&1

# A sink that serves every client and closes each one when it hangs up.
ncat -l -k 127.0.0.1 "$PORT" >/dev/null </dev/null & sink=$!
for _ in $(seq 100); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.02; done
TLS_PORT=$((PORT + 1))
if [ "${TLS:-0}" = 1 ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -subj /CN=localhost -days 2 2>/dev/null
    openssl s_server -quiet -accept "127.0.0.1:$TLS_PORT" -cert "$work/cert.pem" -key "$work/key.pem" >/dev/null 2>&1 </dev/null & tls_sink=$!
    trap 'kill $sink $tls_sink 2>/dev/null; rm -rf "$work"' EXIT
    for _ in $(seq 100); do ss -ltnH "sport = :$TLS_PORT" | grep -q . && break; sleep 0.02; done
fi

# Interleaved rounds (each command once per round), so a machine that speeds up or slows down
# during the run affects every command alike; medians per command.
python3 - "$RUNS" "$J" "$work" "$root" "$PORT" "$FLAGS" "${TLS:-0}" "$TLS_PORT" "${JNC_B:-}" <<'PY'
import resource, statistics, subprocess, sys, time
runs, J, work, root, port = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
flags, tls, tls_port, jnc_b = sys.argv[6], sys.argv[7] == "1", sys.argv[8], sys.argv[9]
cmds = {
    "bare-jvm":     f"{J}/java -XX:AOTCache={work}/hello.aot {flags} -jar {work}/hello.jar",
    "jnc-launcher": f"echo hi | {root}/jnc 127.0.0.1 {port}",
    # as a user types it, with the cache: the flag is the one the cache was made with
    "jnc-java-jar": f"echo hi | {J}/java -XX:AOTCache={root}/target/jnc.aot {flags} --enable-native-access=ALL-UNNAMED -jar {root}/target/jnc.jar 127.0.0.1 {port}",
    "sh-only":      "echo hi | true",
    "ncat":         f"echo hi | ncat 127.0.0.1 {port}",
    "nc.openbsd":   f"echo hi | nc.openbsd -N 127.0.0.1 {port}",
}
if tls:
    cmds["jnc --ssl"] = f"echo hi | {root}/jnc --ssl 127.0.0.1 {tls_port}"
    cmds["ncat --ssl"] = f"echo hi | ncat --ssl 127.0.0.1 {tls_port}"
    if jnc_b:
        cmds["jncB --ssl"] = f"echo hi | {jnc_b} --ssl 127.0.0.1 {tls_port}"
times = {k: [] for k in cmds}
cpus = {k: [] for k in cmds}  # user + system CPU of the run's processes: what it costs, whatever else runs
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for i in range(runs + 3):
    for name, cmd in cmds.items():
        t, c = time.perf_counter(), cpu()
        subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.DEVNULL, check=True)
        if i >= 3:  # three warm-up rounds
            times[name].append((time.perf_counter() - t) * 1000)
            cpus[name].append((cpu() - c) * 1000)
med = {k: statistics.median(v) for k, v in times.items()}
cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
for k, v in med.items():
    print(f"{k:14s} median {v:7.1f} ms   (min {min(times[k]):.1f}, max {max(times[k]):.1f}, {runs} runs)   CPU median {cpu_med[k]:6.1f} ms")
sh = med["sh-only"]
print(f"ratio jnc (launcher) / bare JVM: {(med['jnc-launcher'] - sh) / (med['bare-jvm'] - sh):.2f}   (the sh -c and echo are subtracted from both)")
print(f"ratio jnc (java -jar) / bare JVM: {(med['jnc-java-jar'] - sh) / (med['bare-jvm'] - sh):.2f}")
if tls:
    print(f"ratio jnc --ssl / ncat --ssl: {(med['jnc --ssl'] - sh) / (med['ncat --ssl'] - sh):.2f}   CPU: {cpu_med['jnc --ssl'] / cpu_med['ncat --ssl']:.2f}")
    if jnc_b:
        print(f"ratio jncB --ssl / ncat --ssl: {(med['jncB --ssl'] - sh) / (med['ncat --ssl'] - sh):.2f}   CPU: {cpu_med['jncB --ssl'] / cpu_med['ncat --ssl']:.2f}")
PY
