#!/usr/bin/env bash
# --forward, side by side in one run with what Ncat and socat users run for the same job:
#   jnc   -l -k P --forward HOST:PORT
#   socat TCP-LISTEN:P,fork,reuseaddr TCP:HOST:PORT
#   ncat  -l -k P -c 'ncat HOST PORT'
# 1. bulk: SIZE_MIB (default 4096) through each forwarder into one sink (`jnc -l -k > /dev/null`),
#    sent by one client (`dd | jnc`), median of ROUNDS (default 3), MiB/s;
# 2. short connections: CONNS (default 1000) connections one after the other, each sending 64 KiB
#    and waiting for the far end's close (python3), connections/s, median of ROUNDS.
# All forwarders listen at once (ports PORT+1...) and each round takes them in turn. Besides the
# rates, each forwarder's CPU time (its reaped children's included) per GiB and per 1,000 connections.
# BEFORE=other-checkout/jnc adds a second build of jnc ("before") to the same run; TOOLS="... direct"
# adds the client straight into the sink, no forwarder: the ceiling the forwarders share.
# The sink and the client are the same for every forwarder, so the ratios compare the forwarders.
# Loopback only; ports from PORT (default 26100), below the ephemeral range.
# Usage: bench/forward.sh [SIZE_MIB] [ROUNDS] [CONNS]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-4096}
ROUNDS=${2:-3}
CONNS=${3:-1000}
PORT=${PORT:-26100}
SINK=$PORT
FWD=$((PORT + 1))
"$JNC" --version >/dev/null   # build first, outside the timings
for t in socat ncat python3 bc; do command -v $t >/dev/null || { echo "bench/forward.sh needs $t" >&2; exit 2; }; done

wait_listen() { for _ in $(seq 250); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "nothing listens on $1" >&2; return 1; }
pids=()
# Every job, the sink's `sleep` too (a pipeline's first process), so that the final wait ends.
cleanup() { kill "${pids[@]}" $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

# The sink: reads every client to its EOF into /dev/null, then closes; stdin stays open (no early FIN).
sleep 100000 | "$JNC" -l -k -m 5000 127.0.0.1 "$SINK" > /dev/null &
pids+=($!)
wait_listen "$SINK"

declare -A CMD PORTS
TOOLS=${TOOLS:-jnc socat ncat}
# BEFORE=path/to/another/checkout/jnc adds that build as the forwarder "before", to compare two builds of jnc in one run.
[ -n "${BEFORE:-}" ] && TOOLS="$TOOLS before"
i=0
for t in $TOOLS; do
    p=$((FWD + i)); i=$((i + 1)); PORTS[$t]=$p
    case $t in
        jnc)    CMD[$t]="$JNC -l -k -m 5000 127.0.0.1 $p --forward 127.0.0.1:$SINK" ;;
        before) CMD[$t]="$BEFORE -l -k -m 5000 127.0.0.1 $p --forward 127.0.0.1:$SINK" ;;
        socat)  CMD[$t]="socat TCP-LISTEN:$p,bind=127.0.0.1,fork,reuseaddr TCP:127.0.0.1:$SINK" ;;
        ncat)   CMD[$t]="ncat -l -k -m 5000 127.0.0.1 $p -c 'ncat 127.0.0.1 $SINK'" ;;
        direct) PORTS[$t]=$SINK ;;  # no forwarder: the client straight into the sink, the ceiling of the other two
        *) echo "unknown tool $t" >&2; exit 2 ;;
    esac
done
[ -n "${BEFORE:-}" ] && "$BEFORE" --version >/dev/null

bulk() {  # MiB/s of one transfer through the forwarder on port $1
    local start end
    start=$(date +%s%N)
    dd if=/dev/zero bs=1M count="$SIZE_MIB" status=none | "$JNC" 127.0.0.1 "$1"
    end=$(date +%s%N)
    echo "scale=1; $SIZE_MIB / (($end - $start) / 1000000000)" | bc
}

short() {  # connections/s through port $1, each sending 64 KiB and waiting for the far end's close
    python3 - "$1" "$CONNS" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
payload = b"x" * 65536
start = time.monotonic()
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    s.close()
print("%.1f" % (n / (time.monotonic() - start)))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# CPU time of a forwarder, its reaped children included (socat's and ncat's per-client processes):
# utime + stime + cutime + cstime, in clock ticks. On a busy machine the wall-clock rates mostly tell
# how the scheduler treated the three processes of the chain; the CPU a forwarder spends per GiB and
# per connection is its own cost, whatever the load.
ticks() { if [ -z "$1" ]; then echo 0; else awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; fi; }
HZ=$(getconf CLK_TCK)
declare -A PID BULK_TICKS SHORT_TICKS
# timed KIND TOOL: runs bulk or short through TOOL's forwarder and adds its CPU ticks to KIND's sum.
timed() {
    local a b out
    a=$(ticks "${PID[$2]:-}")
    out=$($1 "${PORTS[$2]}")
    sleep 0.2   # a per-client child's time counts once it is reaped
    b=$(ticks "${PID[$2]:-}")
    if [ "$1" = bulk ]; then BULK_TICKS[$2]=$(( ${BULK_TICKS[$2]:-0} + b - a )); else SHORT_TICKS[$2]=$(( ${SHORT_TICKS[$2]:-0} + b - a )); fi
    LAST=$out
}

# Every forwarder listens at once, and each round runs them one after the other: the machine's
# drift over minutes then falls on all of them alike, not on whichever ran last.
for t in $TOOLS; do
    [ "$t" = direct ] && continue
    bash -c "exec ${CMD[$t]}" </dev/null >/dev/null 2>&1 &
    pids+=($!)
    PID[$t]=$!
done
for t in $TOOLS; do wait_listen "${PORTS[$t]}"; done

# A warm-up through each forwarder, not counted: a forwarder is a server that runs for long, and
# the JVM compiles jnc's loops in its first seconds (that CPU would otherwise count as forwarding).
for t in $TOOLS; do
    (SIZE_MIB=256; CONNS=200; bulk "${PORTS[$t]}"; short "${PORTS[$t]}") >/dev/null
done

declare -A BULKS SHORTS BULK SHORT
for r in $(seq "$ROUNDS"); do
    for t in $TOOLS; do timed bulk "$t"; BULKS[$t]="${BULKS[$t]:-} $LAST"; done
done
for r in $(seq "$ROUNDS"); do
    for t in $TOOLS; do timed short "$t"; SHORTS[$t]="${SHORTS[$t]:-} $LAST"; done
done
declare -A BULK_CPU SHORT_CPU
for t in $TOOLS; do
    BULK[$t]=$(printf '%s\n' ${BULKS[$t]} | median)
    SHORT[$t]=$(printf '%s\n' ${SHORTS[$t]} | median)
    # CPU ms per GiB, and per 1,000 connections, of this forwarder over all rounds.
    BULK_CPU[$t]=$(echo "scale=0; ${BULK_TICKS[$t]} * 1000 / $HZ * 1024 / ($SIZE_MIB * $ROUNDS)" | bc)
    SHORT_CPU[$t]=$(echo "scale=0; ${SHORT_TICKS[$t]} * 1000 / $HZ * 1000 / ($CONNS * $ROUNDS)" | bc)
    echo "$t: bulk${BULKS[$t]} MiB/s (median ${BULK[$t]}), CPU ${BULK_CPU[$t]} ms/GiB; short connections${SHORTS[$t]} /s (median ${SHORT[$t]}), CPU ${SHORT_CPU[$t]} ms per 1000"
done
pkill -f "ncat 127.0.0.1 $SINK" 2>/dev/null || true

cpu_ratio() { [ "$2" -gt 0 ] && echo "scale=2; $1 / $2" | bc || echo "-"; }
ratio() {
    echo "jnc / $1: bulk $(echo "scale=2; ${BULK[jnc]} / ${BULK[$1]}" | bc)x, short connections $(echo "scale=2; ${SHORT[jnc]} / ${SHORT[$1]}" | bc)x;" \
        "CPU, $1 / jnc: bulk $(cpu_ratio "${BULK_CPU[$1]}" "${BULK_CPU[jnc]}")x, short $(cpu_ratio "${SHORT_CPU[$1]}" "${SHORT_CPU[jnc]}")x"
}
if [ -n "${BULK[jnc]:-}" ]; then
    for t in socat ncat before; do
        [ -n "${BULK[$t]:-}" ] && ratio "$t"
    done
fi
if [ -n "${BULK[before]:-}" ]; then
    for t in socat ncat; do
        [ -n "${BULK[$t]:-}" ] && echo "before / $t: bulk $(echo "scale=2; ${BULK[before]} / ${BULK[$t]}" | bc)x, short connections $(echo "scale=2; ${SHORT[before]} / ${SHORT[$t]}" | bc)x"
    done
fi
true
