#!/usr/bin/env bash
# UDP throughput, side by side in one run: SIZE_MIB from a tmpfs file through each tool's UDP client
# (`TOOL -u HOST PORT < file`) into the same tool's UDP listener writing to a tmpfs file.
# UDP has no end-of-stream, so the time is the sender's (start to exit) and what counts is what
# the listener received (goodput), in bytes/s and in datagrams/s (from /proc/net/snmp's
# Udp InDatagrams; nothing else should use UDP during the run). Datagram sizes are each tool's own:
# a netcat sends what one read of stdin returns.
# TO=null: the listeners write to /dev/null instead (then bytes = datagrams received x mean size
# sent, from OutDatagrams): what the receiving side does without the cost of a file.
# Second part, datagrams/s with equal datagrams: bench/udpblast (a small C sender, the same for
# every tool) fires COUNT datagrams of DGRAM bytes (default 4,000,000 of 64) at each tool's listener,
# which writes to /dev/null; what counts is how many the listener took off its socket per second of
# the sender's time (Udp InDatagrams; the kernel drops what finds the socket full). SMALL=0 skips it.
# Loopback only.  Usage: bench/udp.sh [SIZE_MIB (default 2048: long enough that JIT warm-up does not decide)] [ROUNDS (default 3)]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-2048}
ROUNDS=${2:-3}
FILE=/dev/shm/jnc-udp-$SIZE_MIB.bin
SINK=/dev/shm/jnc-udp-sink
PORT=${PORT:-28300}
"$JNC" --version >/dev/null   # build first, outside the timings
[ -f "$FILE" ] || head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$FILE"
trap 'rm -f "$FILE" "$SINK"' EXIT

snmp() { awk '/^Udp: [0-9]/ {print $2, $4, $5; exit}' /proc/net/snmp; }   # InDatagrams RcvbufErrors OutDatagrams
wait_udp() { for _ in $(seq 200); do ss -lunH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "no UDP socket on $1" >&2; return 1; }

declare -A L S
L[jnc]='"$JNC" -u -l 127.0.0.1 $PORT';            S[jnc]='"$JNC" -u 127.0.0.1 $PORT'
L[ncat]='ncat -u -l 127.0.0.1 $PORT';             S[ncat]='ncat -u 127.0.0.1 $PORT'
L[nc.openbsd]='nc.openbsd -u -l 127.0.0.1 $PORT'; S[nc.openbsd]='nc.openbsd -q 0 -u 127.0.0.1 $PORT'
L[socat]='socat -u UDP-RECV:$PORT,bind=127.0.0.1 STDOUT'; S[socat]='socat -u STDIN UDP:127.0.0.1:$PORT'
export JNC

# one TOOL: prints "MiB/s datagrams/s avg-datagram-bytes drops"
one() {
    local tool=$1 start end in0 drop0 in1 drop1
    PORT=$((PORT + 1)); export PORT
    rm -f "$SINK"
    local out=$SINK
    [ "${TO:-file}" = null ] && out=/dev/null
    bash -c "${L[$tool]}" > "$out" </dev/null 2>/dev/null &
    local lp=$!
    wait_udp "$PORT"
    read -r in0 drop0 out0 < <(snmp)
    start=$(date +%s%N)
    bash -c "${S[$tool]}" < "$FILE" >/dev/null
    end=$(date +%s%N)
    sleep 0.5                                  # let the listener drain its socket buffer
    read -r in1 drop1 out1 < <(snmp)
    kill "$lp" 2>/dev/null; wait "$lp" 2>/dev/null || true
    local bytes secs
    if [ "${TO:-file}" = null ]; then
        # Nothing to measure on /dev/null: datagrams received times the mean size of those sent.
        bytes=$(( (in1 - in0) * $(stat -c %s "$FILE") / (out1 - out0) ))
    else
        bytes=$(stat -c %s "$SINK")
    fi
    secs=$(echo "scale=6; ($end - $start) / 1000000000" | bc)
    local dgrams=$((in1 - in0))
    echo "$(echo "scale=1; $bytes / 1048576 / $secs" | bc) $(echo "scale=0; $dgrams / $secs" | bc) $(( dgrams > 0 ? bytes / dgrams : 0 )) $((drop1 - drop0))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
if [ "${BULK:-1}" != 0 ]; then   # BULK=0 runs only the datagrams/s part
declare -A MB DG
printf '%-11s %12s %14s %10s %8s\n' tool "MiB/s" "datagrams/s" "avg bytes" "drops"
for tool in ${TOOLS:-jnc ncat nc.openbsd socat}; do
    command -v "${tool%% *}" >/dev/null 2>&1 || [ "$tool" = jnc ] || { echo "missing $tool" >&2; continue; }
    mbs=(); dgs=(); rest=""
    for _ in $(seq "$ROUNDS"); do
        read -r mb dg avg drops < <(one "$tool")
        mbs+=("$mb"); dgs+=("$dg"); rest="$avg $drops"
    done
    MB[$tool]=$(printf '%s\n' "${mbs[@]}" | median); DG[$tool]=$(printf '%s\n' "${dgs[@]}" | median)
    printf '%-11s %12s %14s %10s %8s   (MiB/s runs: %s)\n' "$tool" "${MB[$tool]}" "${DG[$tool]}" $rest "${mbs[*]}"
done
if [ -z "${TOOLS:-}" ]; then
    bestmb=0; bestdg=0
    for t in ncat nc.openbsd socat; do
        [ -n "${MB[$t]:-}" ] || continue
        (( $(echo "${MB[$t]} > $bestmb" | bc) )) && bestmb=${MB[$t]} && bmt=$t
        (( $(echo "${DG[$t]} > $bestdg" | bc) )) && bestdg=${DG[$t]} && bdt=$t
    done
    echo "jnc / fastest peer, bytes/s ($bmt): $(echo "scale=2; ${MB[jnc]} / $bestmb" | bc)"
    echo "jnc / fastest peer, datagrams/s ($bdt): $(echo "scale=2; ${DG[jnc]} / $bestdg" | bc)"
fi
fi

[ "${SMALL:-1}" = 0 ] && exit 0

# ---- datagrams/s: one sender for all, equal datagrams ----
BLAST=$here/udpblast/udpblast
if [ ! -x "$BLAST" ] || [ "$here/udpblast/udpblast.c" -nt "$BLAST" ]; then
    cc -O2 -o "$BLAST" "$here/udpblast/udpblast.c" || exit 2
fi
COUNT=${COUNT:-4000000}
DGRAM=${DGRAM:-64}
# small TOOL: prints "received-datagrams/s received dropped"
small() {
    local tool=$1 in0 drop0 out0 in1 drop1 out1 secs
    PORT=$((PORT + 1)); export PORT
    bash -c "${L[$tool]}" > /dev/null </dev/null 2>/dev/null &
    local lp=$!
    wait_udp "$PORT"
    sleep 0.3                                  # the JVM's own start is not the receiver's speed
    read -r in0 drop0 out0 < <(snmp)
    secs=$("$BLAST" "$PORT" "$COUNT" "$DGRAM")
    sleep 0.5
    read -r in1 drop1 out1 < <(snmp)
    kill "$lp" 2>/dev/null; wait "$lp" 2>/dev/null || true
    echo "$(echo "scale=0; ($in1 - $in0) / $secs" | bc) $((in1 - in0)) $((drop1 - drop0))"
}
echo
echo "datagrams/s received: $COUNT datagrams of $DGRAM bytes from bench/udpblast into each listener (/dev/null)"
printf '%-11s %14s %12s %12s\n' tool "datagrams/s" received dropped
declare -A SM
for tool in ${TOOLS:-jnc ncat nc.openbsd socat}; do
    command -v "${tool%% *}" >/dev/null 2>&1 || [ "$tool" = jnc ] || continue
    rates=(); rest=""
    for _ in $(seq "$ROUNDS"); do
        read -r rate got dropped < <(small "$tool")
        rates+=("$rate"); rest="$got $dropped"
    done
    SM[$tool]=$(printf '%s\n' "${rates[@]}" | median)
    printf '%-11s %14s %12s %12s   (runs: %s; received/dropped of the last)\n' "$tool" "${SM[$tool]}" $rest "${rates[*]}"
done
if [ -z "${TOOLS:-}" ]; then
    best=0
    for t in ncat nc.openbsd socat; do
        [ -n "${SM[$t]:-}" ] || continue
        (( $(echo "${SM[$t]} > $best" | bc) )) && best=${SM[$t]} && bt=$t
    done
    echo "jnc / fastest peer, datagrams/s of $DGRAM bytes ($bt): $(echo "scale=2; ${SM[jnc]} / $best" | bc)"
fi
