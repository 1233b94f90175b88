#!/usr/bin/env bash
# --forward, side by side in one run with what Ncat and socat users run for the same job:
#   jnc   -l -k P --forward HOST:PORT
#   socat TCP-LISTEN:P,fork,reuseaddr TCP:HOST:PORT
#   ncat  -l -k P -c 'ncat HOST PORT'
# 1. bulk: SIZE_MIB (default 4096) through each forwarder into the sink, sent by one client,
#    median of ROUNDS (default 3), MiB/s;
# 2. short connections: CONNS (default 1000) connections one after the other, each sending 64 KiB,
#    half-closing and waiting for the far end's close, connections/s, median of ROUNDS.
# The client and the sink are bench/fwdload (C, built here), neither of them jnc nor a peer: the
# client sends from memory without copying (sendfile), the sink discards in the kernel (MSG_TRUNC)
# and prints each connection's count of bytes, which this script checks after every run (a lost
# or extra byte, a connection missing or reset, fails the run). So the ends cost little and the
# forwarders, not the ends, set the pace.
# All forwarders listen at once (ports PORT+1...) and each round takes them in turn, each round
# starting with the next one. Besides the rates, each forwarder's CPU time (its reaped children's
# included) per GiB and per 1,000 connections.
# BEFORE=other-checkout/jnc adds a second build of jnc ("before") to the same run; TOOLS="... direct"
# adds the client straight into the sink, no forwarder: the ceiling the forwarders share; "jnc1" is
# jnc with one event loop instead of one per core (no second loop woken by each new client).
# The sink and the client are the same for every forwarder, so the ratios compare the forwarders.
# Loopback only; the forwarders on PORT+1... and the sink on PORT+50... (PORT: default 26100), below
# the ephemeral range.
# Usage: bench/forward.sh [SIZE_MIB] [ROUNDS] [CONNS]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-4096}
ROUNDS=${2:-3}
CONNS=${3:-1000}
PORT=${PORT:-26100}
FWD=$((PORT + 1))
# Each forwarder (and direct) gets a sink port of its own, PORT+50...: every connection leaves a
# TIME_WAIT for 60 s, and the ~28,000 ephemeral ports are counted per destination, so thousands of
# connections of one tool do not slow the next one's connects.
SINK_BASE=$((PORT + 50))
"$JNC" --version >/dev/null   # build first, outside the timings
for t in socat ncat cc bc; do command -v $t >/dev/null || { echo "bench/forward.sh needs $t" >&2; exit 2; }; done
LOAD=$here/fwdload/fwdload
if [ ! -x "$LOAD" ] || [ "$here/fwdload/fwdload.c" -nt "$LOAD" ]; then
    cc -O2 -o "$LOAD" "$here/fwdload/fwdload.c" || exit 2
fi

wait_listen() { for _ in $(seq 250); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "nothing listens on $1" >&2; return 1; }
pids=()
# Every job (the sink, the forwarders), so that the final wait ends.
cleanup() { kill "${pids[@]}" $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -f "${SINK_LOG:-}"; }
trap cleanup EXIT

declare -A CMD PORTS
TOOLS=${TOOLS:-jnc socat ncat}
# BEFORE=path/to/another/checkout/jnc adds that build as the forwarder "before", to compare two builds of jnc in one run.
[ -n "${BEFORE:-}" ] && TOOLS="$TOOLS before"
i=0
SINKS=()
for t in $TOOLS; do
    p=$((FWD + i)); SINK=$((SINK_BASE + i)); SINKS+=($SINK); i=$((i + 1)); PORTS[$t]=$p
    case $t in
        jnc)    CMD[$t]="$JNC -l -k -m 5000 127.0.0.1 $p --forward 127.0.0.1:$SINK" ;;
        before) CMD[$t]="$BEFORE -l -k -m 5000 127.0.0.1 $p --forward 127.0.0.1:$SINK" ;;
        jnc1)   CMD[$t]="env JNC_JAVA_OPTS=-Djnc.forward.loops=1 $JNC -l -k -m 5000 127.0.0.1 $p --forward 127.0.0.1:$SINK" ;;  # one event loop, not one per core
        socat)  CMD[$t]="socat TCP-LISTEN:$p,bind=127.0.0.1,fork,reuseaddr TCP:127.0.0.1:$SINK" ;;
        ncat)   CMD[$t]="ncat -l -k -m 5000 127.0.0.1 $p -c 'ncat 127.0.0.1 $SINK'" ;;
        direct) PORTS[$t]=$SINK ;;  # no forwarder: the client straight into the sink, the ceiling of the other two
        *) echo "unknown tool $t" >&2; exit 2 ;;
    esac
done
[ -n "${BEFORE:-}" ] && "$BEFORE" --version >/dev/null

# The sink: reads every connection to its EOF, closes it, prints its count of bytes.
SINK_LOG=$(mktemp)
"$LOAD" sink "${SINKS[@]}" > "$SINK_LOG" &
pids+=($!)
for s in "${SINKS[@]}"; do wait_listen "$s"; done

bulk() {  # MiB/s of one transfer through the forwarder on port $1
    "$LOAD" bulk "$1" "$SIZE_MIB"
}

short() {  # connections/s through port $1, each sending 64 KiB and waiting for the sink's answer and close
    "$LOAD" short "$1" "$CONNS"
}

# arrived N BYTES: the sink's next N counts are all BYTES (waits up to 10 s for them: ncat's child
# may still be sending when its client has been closed).
SEEN=0
arrived() {
    local lines
    for _ in $(seq 500); do lines=$(wc -l < "$SINK_LOG"); [ "$lines" -ge $((SEEN + $1)) ] && break; sleep 0.02; done
    if ! tail -n +$((SEEN + 1)) "$SINK_LOG" | head -n "$1" | awk -v n="$1" -v b="$2" '$0 != b {bad++} END {exit (NR != n || bad)}'; then
        echo "bench/forward.sh: the sink did not get $1 × $2 bytes:" >&2
        tail -n +$((SEEN + 1)) "$SINK_LOG" | sort | uniq -c | head >&2
        exit 1
    fi
    SEEN=$((SEEN + $1))
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
    if [ "$1" = bulk ]; then arrived 1 $((SIZE_MIB << 20)); else arrived "$CONNS" 65536; fi
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
# the JVM compiles jnc's loops in its first seconds (that CPU would otherwise count as forwarding):
# 1 GiB, then WARM_CONNS (default 5000) short connections or WARM_SECS (default 5) seconds of them,
# whichever ends first (ncat -c makes a few per second). Measured (2026-12-05): jnc's CPU per
# connection settles only after about 3,000 connections; with 200, the first rounds paid for C2.
WARM_CONNS=${WARM_CONNS:-5000}
WARM_SECS=${WARM_SECS:-5}
for t in $TOOLS; do
    "$LOAD" bulk "${PORTS[$t]}" 1024 >/dev/null
    arrived 1 $((1024 << 20))
    n=$("$LOAD" short "${PORTS[$t]}" "$WARM_CONNS" "$WARM_SECS" 2>&1 >/dev/null)
    arrived "$n" 65536
done

# Round r takes the tools in turn starting with the r-th, so none always follows the same one.
rotated() { local a=($TOOLS); local n=${#a[@]}; for k in $(seq 0 $((n - 1))); do echo "${a[$(( (k + $1) % n ))]}"; done; }
declare -A BULKS SHORTS BULK SHORT
for r in $(seq "$ROUNDS"); do
    for t in $(rotated "$r"); do timed bulk "$t"; BULKS[$t]="${BULKS[$t]:-} $LAST"; done
done
for r in $(seq "$ROUNDS"); do
    for t in $(rotated "$r"); do timed short "$t"; SHORTS[$t]="${SHORTS[$t]:-} $LAST"; done
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
for s in "${SINKS[@]}"; do pkill -f "ncat 127.0.0.1 $s" 2>/dev/null || true; done

cpu_ratio() { [ "$2" -gt 0 ] && echo "scale=2; $1 / $2" | bc || echo "-"; }
ratio() {
    echo "jnc / $1: bulk $(echo "scale=2; ${BULK[jnc]} / ${BULK[$1]}" | bc)x, short connections $(echo "scale=2; ${SHORT[jnc]} / ${SHORT[$1]}" | bc)x;" \
        "CPU, $1 / jnc: bulk $(cpu_ratio "${BULK_CPU[$1]}" "${BULK_CPU[jnc]}")x, short $(cpu_ratio "${SHORT_CPU[$1]}" "${SHORT_CPU[jnc]}")x"
}
if [ -n "${BULK[jnc]:-}" ]; then
    for t in socat ncat before jnc1; do
        [ -n "${BULK[$t]:-}" ] && ratio "$t"
    done
fi
if [ -n "${BULK[before]:-}" ]; then
    for t in socat ncat; do
        [ -n "${BULK[$t]:-}" ] && echo "before / $t: bulk $(echo "scale=2; ${BULK[before]} / ${BULK[$t]}" | bc)x, short connections $(echo "scale=2; ${SHORT[before]} / ${SHORT[$t]}" | bc)x"
    done
fi
true
