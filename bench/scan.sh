#!/usr/bin/env bash
# Port scans (-z), jnc beside nc.openbsd, each inside network namespaces this script creates and
# deletes (so no scan touches the machine's shared loopback, where other people's listeners live).
#  a. all 65,535 ports of 127.0.0.1 in a namespace with three listeners; also 1-1000, and ncat
#     (which has no port ranges) on 20 ports one by one. Wall time with start-up, interleaved
#     rounds, medians. jnc's two engines are also run forced (-Djnc.scan.engine=native|channels),
#     and the native one on one thread only (-Djnc.scan.threads=1).
#  b. 1,000 ports of a host that drops every packet silently (its replies go to a blackhole
#     route), with -w 1. nc.openbsd probes one port after the other, so it gets 10 ports and the
#     figure is multiplied by 100.
# Needs root (ip netns). Usage: bench/scan.sh [RUNS (default 5)]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$here/..
RUNS=${1:-5}
"$root/jnc" --version >/dev/null          # build first (jar and AOT cache)
A=jncscanA$$ S=jncscanS$$ T=jncscanT$$
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for ns in $A $S $T; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

listen() { # NS ADDR PORT... : python3 in NS accepting (and closing) every connection until killed
    local ns=$1 addr=$2; shift 2
    ip netns exec "$ns" python3 -c '
import selectors, socket, sys
sel = selectors.DefaultSelector()
for p in sys.argv[2:]:
    s = socket.socket(); s.bind((sys.argv[1], int(p))); s.listen(64); sel.register(s, selectors.EVENT_READ)
print("ready", flush=True)
while True:  # accept, so that the backlog never fills and drops the SYNs of later rounds
    for key, _ in sel.select():
        c, _ = key.fileobj.accept(); c.close()' "$addr" "$@" > "/tmp/$ns.ready" &
    pids+=($!)
    for _ in $(seq 200); do grep -q ready "/tmp/$ns.ready" 2>/dev/null && break; sleep 0.05; done
    rm -f "/tmp/$ns.ready"
}

echo "== a. loopback of namespace $A (listeners on 62700-62702); $RUNS rounds; $(date -u +%FT%TZ)"
ip netns add $A
ip -n $A link set lo up
listen $A 127.0.0.1 62700 62701 62702
ip netns exec $A python3 - "$RUNS" "$root" <<'PY'
import statistics, subprocess, sys, time
runs, root = int(sys.argv[1]), sys.argv[2]
jnc = f"{root}/jnc"
cmds = {
    "nc.openbsd -z 127.0.0.1 1-65535": "nc.openbsd -z 127.0.0.1 1-65535",
    "jnc -z 127.0.0.1 1-65535": f"{jnc} -z 127.0.0.1 1-65535",
    "  (engine=channels) 1-65535": f"JNC_JAVA_OPTS=-Djnc.scan.engine=channels {jnc} -z 127.0.0.1 1-65535",
    "  (native, one thread) 1-65535": f"JNC_JAVA_OPTS=-Djnc.scan.threads=1 {jnc} -z 127.0.0.1 1-65535",
    "nc.openbsd -z 127.0.0.1 1-1000": "nc.openbsd -z 127.0.0.1 1-1000",
    "jnc -z 127.0.0.1 1-1000": f"{jnc} -z 127.0.0.1 1-1000",
    "  (engine=native) 1-1000": f"JNC_JAVA_OPTS=-Djnc.scan.engine=native {jnc} -z 127.0.0.1 1-1000",
    "jnc -z 127.0.0.1 62700": f"{jnc} -z 127.0.0.1 62700",
    "ncat -z, 20 ports one by one": "for p in $(seq 62690 62709); do ncat -z 127.0.0.1 $p; done",
    "nc.openbsd -z 127.0.0.1 62690-62709": "nc.openbsd -z 127.0.0.1 62690-62709",
}
times = {k: [] for k in cmds}
for i in range(runs + 1):  # one warm-up round
    for name, cmd in cmds.items():
        t = time.perf_counter()
        r = subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode not in (0, 1):
            sys.exit(f"{cmd}: exit {r.returncode}")
        if i >= 1:
            times[name].append(time.perf_counter() - t)
med = {k: statistics.median(v) for k, v in times.items()}
for k, v in med.items():
    print(f"{k:38s} median {v * 1000:8.1f} ms   (min {min(times[k]) * 1000:.1f}, max {max(times[k]) * 1000:.1f})")
full = med["jnc -z 127.0.0.1 1-65535"] / med["nc.openbsd -z 127.0.0.1 1-65535"]
print(f"ratio jnc / nc.openbsd, 65,535 ports: {full:.2f}   (target <= 1.0)")
print(f"ratio jnc / nc.openbsd, 1,000 ports:  {med['jnc -z 127.0.0.1 1-1000'] / med['nc.openbsd -z 127.0.0.1 1-1000']:.2f}")
print(f"ncat: {med['ncat -z, 20 ports one by one'] / 20 * 1000:.1f} ms per port")
PY

echo "== b. a host that drops silently: $S (10.254.98.1) -> $T (10.254.98.2, replies to .1 blackholed)"
ip netns add $S
ip netns add $T
ip link add js$$ netns $S type veth peer name jt$$ netns $T
ip -n $S addr add 10.254.98.1/24 dev js$$
ip -n $T addr add 10.254.98.2/24 dev jt$$
for x in "$S js$$" "$S lo" "$T jt$$" "$T lo"; do set -- $x; ip -n "$1" link set "$2" up; done
ip -n $T route add blackhole 10.254.98.1/32
ip netns exec $S python3 - "$RUNS" "$root" <<'PY'
import statistics, subprocess, sys, time
runs, root = int(sys.argv[1]), sys.argv[2]
def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 1:  # nothing answers: exit 1
        sys.exit(f"{cmd}: exit {r.returncode}")
    return time.perf_counter() - t
jnc = [timed(f"{root}/jnc -z -w 1 10.254.98.2 1-1000") for _ in range(runs)]
nc10 = timed("nc.openbsd -z -w 1 10.254.98.2 1-10")
m = statistics.median(jnc)
print(f"jnc -z -w 1 10.254.98.2 1-1000          median {m:6.2f} s   (min {min(jnc):.2f}, max {max(jnc):.2f}, {runs} runs)   target <= 5 s")
print(f"nc.openbsd -z -w 1 10.254.98.2 1-10     {nc10:6.2f} s   -> 1-1000 extrapolated: {nc10 * 100:.0f} s")
print(f"ratio jnc / nc.openbsd (extrapolated), 1,000 silent ports: {m / (nc10 * 100):.4f}")
PY
