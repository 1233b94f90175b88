#!/usr/bin/env bash
# German against English start-up: wall time of `echo hi | jnc 127.0.0.1 PORT` with LANG=C and with
# LANG=de_DE.UTF-8, and of a failing `jnc --lsiten` (which prints a translated error line) in both,
# in interleaved rounds; medians and the difference in ms. Needs the de_DE.UTF-8 locale generated
# (locale-gen), or Java silently runs in C. Loopback only.
# Usage: bench/locale.sh [RUNS (default 40)]      PORT (default 24100) for the sink.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$here/..
RUNS=${1:-40}
PORT=${PORT:-24100}
"$root/jnc" --version >/dev/null          # build first
locale -a | grep -qix 'de_DE.utf8' || { echo "bench/locale.sh: generate de_DE.UTF-8 first (locale-gen)" >&2; exit 2; }
ncat -l -k 127.0.0.1 "$PORT" >/dev/null </dev/null & sink=$!
trap 'kill $sink 2>/dev/null' EXIT
for _ in $(seq 100); do ss -ltnH "sport = :$PORT" | grep -q . && break; sleep 0.02; done

python3 - "$RUNS" "$root/jnc" "$PORT" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, jnc, port = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
cases = [
    ("relay  LANG=C          ", "C", [jnc, "127.0.0.1", port], b"hi\n", 0),
    ("relay  LANG=de_DE.UTF-8", "de_DE.UTF-8", [jnc, "127.0.0.1", port], b"hi\n", 0),
    ("error  LANG=C          ", "C", [jnc, "--lsiten"], b"", 2),
    ("error  LANG=de_DE.UTF-8", "de_DE.UTF-8", [jnc, "--lsiten"], b"", 2),
]
times = {c[0]: [] for c in cases}
cpu = {c[0]: [] for c in cases}  # user+sys of the run: less swayed by other load than wall time
for _ in range(3):  # warm the page cache
    for name, lang, cmd, inp, rc in cases:
        subprocess.run(cmd, input=inp, capture_output=True, env=dict(base, LANG=lang))
for _ in range(runs):
    for name, lang, cmd, inp, rc in cases:
        t = time.perf_counter()
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run(cmd, input=inp, capture_output=True, env=dict(base, LANG=lang))
        times[name].append((time.perf_counter() - t) * 1000)
        ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((ru2.ru_utime + ru2.ru_stime - ru.ru_utime - ru.ru_stime) * 1000)
        if r.returncode != rc:
            sys.exit(f"{name}: exit {r.returncode}: {r.stderr.decode()}")
med = {n: statistics.median(v) for n, v in times.items()}
for n, v in times.items():
    print(f"{n}  median {med[n]:7.1f} ms   best {min(v):7.1f} ms   cpu median {statistics.median(cpu[n]):6.1f} ms   ({runs} runs)")
names = list(med)
cm = {n: statistics.median(v) for n, v in cpu.items()}
print(f"relay: de_DE - C = {med[names[1]] - med[names[0]]:+.1f} ms wall, {cm[names[1]] - cm[names[0]]:+.1f} ms cpu (target: within 5 ms)")
print(f"error: de_DE - C = {med[names[3]] - med[names[2]]:+.1f} ms wall, {cm[names[3]] - cm[names[2]]:+.1f} ms cpu")
PY
