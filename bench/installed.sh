#!/usr/bin/env bash
# Start-up of an installed jnc (the .deb's /usr/bin/jnc: jpackage's launcher, a jlink runtime and its
# own AOT cache) beside the checkout's ./jnc: wall time of `echo hi | CMD 127.0.0.1 PORT` and of
# `CMD --version`, interleaved rounds, medians and ratios. Loopback only.
# Usage: bench/installed.sh [RUNS (default 40)] [INSTALLED (default /usr/bin/jnc)]   PORT (default 24130).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$here/..
RUNS=${1:-40}
INSTALLED=${2:-/usr/bin/jnc}
PORT=${PORT:-24130}
[ -x "$INSTALLED" ] || { echo "bench/installed.sh: no $INSTALLED (build and install target/deb/*.deb first)" >&2; exit 2; }
"$root/jnc" --version >/dev/null          # build first
ncat -l -k 127.0.0.1 "$PORT" >/dev/null </dev/null & sink=$!
trap 'kill $sink 2>/dev/null' EXIT
for _ in $(seq 100); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.02; done

python3 - "$RUNS" "$root/jnc" "$INSTALLED" "$PORT" <<'PY'
import resource, statistics, subprocess, sys, time
runs, checkout, installed, port = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
cases = [
    ("relay    ./jnc       ", [checkout, "127.0.0.1", port], b"hi\n"),
    ("relay    " + installed.ljust(12), [installed, "127.0.0.1", port], b"hi\n"),
    ("version  ./jnc       ", [checkout, "--version"], b""),
    ("version  " + installed.ljust(12), [installed, "--version"], b""),
]
times = {c[0]: [] for c in cases}
cpu = {c[0]: [] for c in cases}  # user+sys of the run: less swayed by other load than wall time
for _ in range(3):
    for name, cmd, inp in cases:
        subprocess.run(cmd, input=inp, capture_output=True)
for _ in range(runs):
    for name, cmd, inp in cases:
        t = time.perf_counter()
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run(cmd, input=inp, capture_output=True)
        times[name].append((time.perf_counter() - t) * 1000)
        ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((ru2.ru_utime + ru2.ru_stime - ru.ru_utime - ru.ru_stime) * 1000)
        if r.returncode != 0:
            sys.exit(f"{name}: exit {r.returncode}: {r.stderr.decode()}")
med = {n: statistics.median(v) for n, v in times.items()}
for n, v in times.items():
    print(f"{n}  median {med[n]:7.1f} ms   best {min(v):7.1f} ms   cpu median {statistics.median(cpu[n]):6.1f} ms   ({runs} runs)")
n = list(med)
cm = {k: statistics.median(v) for k, v in cpu.items()}
print(f"relay:   installed / ./jnc = {med[n[1]] / med[n[0]]:.2f} wall, {cm[n[1]] / cm[n[0]]:.2f} cpu (target: <= 1.00)")
print(f"version: installed / ./jnc = {med[n[3]] / med[n[2]]:.2f} wall, {cm[n[3]] / cm[n[2]]:.2f} cpu")
PY
