#!/usr/bin/env bash
# Throughput, side by side in one run: SIZE_MIB through each tool into a listener that writes to
# /dev/null, once from a pipe (dd if=/dev/zero | tool) and once from a tmpfs file as stdin.
# Prints GiB/s per tool (median and best of ROUNDS) and jnc's ratio of medians to the fastest
# netcat peer and to iperf3 (median of ROUNDS runs too).
# Loopback only.  Usage: bench/throughput.sh [SIZE_MIB (default 4096)] [ROUNDS (default 3)]
# TOOLS="jnc" and SOURCES="file" restrict a run (then no ratios are printed).
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-4096}
ROUNDS=${2:-3}
FILE=/dev/shm/jnc-bench-$SIZE_MIB.bin
PORT=${PORT:-28100}
"$JNC" --version >/dev/null   # build first, outside the timings

[ -f "$FILE" ] || dd if=/dev/zero of="$FILE" bs=1M count="$SIZE_MIB" status=none
trap 'rm -f "$FILE"' EXIT

wait_listen() { for _ in $(seq 200); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "nothing listens on $1" >&2; return 1; }

# one NAME SOURCE(pipe|file) LISTENER SENDER: prints seconds; the commands see $PORT.
one() {
    local src=$1 listener=$2 sender=$3 start end
    PORT=$((PORT + 1)); export PORT
    bash -c "$listener" >/dev/null </dev/null &
    local lp=$!
    wait_listen "$PORT"
    start=$(date +%s%N)
    if [ "$src" = pipe ]; then
        dd if=/dev/zero bs=1M count="$SIZE_MIB" status=none | bash -c "$sender"
    else
        bash -c "$sender" < "$FILE"
    fi
    wait "$lp"
    end=$(date +%s%N)
    echo "scale=3; $SIZE_MIB / 1024 / (($end - $start) / 1000000000)" | bc
}

declare -A L S
L[jnc]='"$JNC" -l 127.0.0.1 $PORT';            S[jnc]='"$JNC" 127.0.0.1 $PORT'
L[ncat]='ncat -l 127.0.0.1 $PORT';             S[ncat]='ncat 127.0.0.1 $PORT'
L[nc.openbsd]='nc.openbsd -l 127.0.0.1 $PORT'; S[nc.openbsd]='nc.openbsd -N 127.0.0.1 $PORT'
L[socat]='socat -u TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr STDOUT'; S[socat]='socat -u STDIN TCP:127.0.0.1:$PORT'
export JNC

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
best() { sort -n | tail -1; }
declare -A R
for src in ${SOURCES:-pipe file}; do
    for tool in ${TOOLS:-jnc ncat nc.openbsd socat}; do
        command -v "${tool%% *}" >/dev/null 2>&1 || [ "$tool" = jnc ] || { echo "missing $tool" >&2; continue; }
        runs=()
        for _ in $(seq "$ROUNDS"); do runs+=("$(one "$src" "${L[$tool]}" "${S[$tool]}")"); done
        R[$src,$tool]=$(printf '%s\n' "${runs[@]}" | median)
        printf '%-5s %-11s median %6s GiB/s  best %6s   (runs: %s)\n' "$src" "$tool" "${R[$src,$tool]}" \
            "$(printf '%s\n' "${runs[@]}" | best)" "${runs[*]}"
    done
done

# iperf3, single stream, memory to memory: the ceiling of one TCP stream on this machine.
if [ -z "${TOOLS:-}" ] && command -v iperf3 >/dev/null; then
    runs=()
    for _ in $(seq "$ROUNDS"); do
        PORT=$((PORT + 1))
        iperf3 -s -1 -B 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
        wait_listen "$PORT"
        runs+=("$(iperf3 -c 127.0.0.1 -p "$PORT" -n "${SIZE_MIB}M" -J 2>/dev/null \
            | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/8/2**30,3))')")
        wait || true
    done
    R[iperf3]=$(printf '%s\n' "${runs[@]}" | median)
    printf '%-5s %-11s median %6s GiB/s  best %6s   (runs: %s)\n' mem iperf3 "${R[iperf3]}" \
        "$(printf '%s\n' "${runs[@]}" | best)" "${runs[*]}"
fi

[ -n "${TOOLS:-}" ] && exit 0
echo
for src in pipe file; do
    peer=$(for t in ncat nc.openbsd socat; do [ -n "${R[$src,$t]:-}" ] && echo "${R[$src,$t]} $t"; done | sort -n | tail -1)
    printf 'ratio %-4s jnc / fastest peer (%s): %s\n' "$src" "${peer#* }" "$(echo "scale=2; ${R[$src,jnc]} / ${peer%% *}" | bc)"
done
[ -n "${R[iperf3]:-}" ] && printf 'ratio file jnc / iperf3: %s\n' "$(echo "scale=2; ${R[file,jnc]} / ${R[iperf3]}" | bc)"
