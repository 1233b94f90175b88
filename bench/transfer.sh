#!/usr/bin/env bash
# File transfer, side by side in one run, over loopback: a tree of SMALL files (1-64 KiB, half
# text, half random) plus one BIG_MIB file of random data, sent
#   - by the course's pipe:   tar c | gzip | nc   ->  nc -l | gunzip | tar x
#   - uncompressed:           tar c | nc          ->  nc -l | tar x
#   - by jnc --send (gzip, its default) and jnc --send --compress none -> jnc -l --receive
#     (every file's SHA-256 checked, included in jnc's time)
#   - by jnc --send with --code (TLS and the J-PAKE proof) -> jnc -l --receive --code, against
#     plain jnc --send (both gzip, the default)
# and resume: a transfer of a RESUME_MIB file (default 1024, the issue's size) cut when half of it is
# on the receiver's disk, then rerun; the rerun's time against a full transfer's, RESUME_ROUNDS
# times (default 5) in alternation, and the median of the per-round ratios.
# Prints the median seconds of ROUNDS runs per way, MiB/s, and the ratios the issue sets targets for.
# Usage: bench/transfer.sh [SMALL (default 10000)] [BIG_MIB (default 2048)] [ROUNDS (default 3)]
# nc is nc.openbsd (NC=ncat to change). Source and destination are on tmpfs (WORK, default /dev/shm).
# JNC_B=/path/to/another/jnc adds that build (say the one before a change) as the ways jncB-gzip,
# jncB-none and jncB-code, and to the resume rounds, side by side with this checkout's in the same rounds.
# WAYS="tar-pipe jnc-none ..." runs only those ways; SMALL_ONLY=1 leaves the big file out of the tree.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SMALL=${1:-10000}
BIG_MIB=${2:-2048}
ROUNDS=${3:-3}
NC=${NC:-nc.openbsd}
WORK=${WORK:-/dev/shm}/jnc-transfer-bench; export WORK
# The senders' cache of digests (README, "Sending files") starts empty in every run: the first full
# transfer of a file fills it, as it does for a user.
export XDG_CACHE_HOME=$WORK/cache
PORT=${PORT:-21100}
RESUME_MIB=${RESUME_MIB:-1024}
RESUME_ROUNDS=${RESUME_ROUNDS:-5}
JNC_B=${JNC_B:-}
"$JNC" --version >/dev/null   # build first, outside the timings
[ -z "$JNC_B" ] || "$JNC_B" --version >/dev/null

rm -rf "$WORK"
mkdir -p "$WORK/src/tree"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/src" "$SMALL" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
r = random.Random(1)
words = b"the quick brown fox jumps over the lazy dog netcat tar gzip file transfer ".split()
for i in range(n):
    d = os.path.join(root, "tree", "d%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    size = r.randint(1024, 65536)
    if i % 2:
        data = os.urandom(size)
    else:
        data = b" ".join(r.choice(words) for _ in range(size // 4))[:size]
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(data)
PY
if [ -n "${SMALL_ONLY:-}" ]; then BIG_MIB=0; fi
dd if=/dev/urandom of="$WORK/src/big.bin" bs=1M count="$BIG_MIB" status=none
dd if=/dev/urandom of="$WORK/resume.bin" bs=1M count="$RESUME_MIB" status=none
TOTAL_MIB=$(du -sm --apparent-size "$WORK/src" | cut -f1)

wait_listen() { for _ in $(seq 500); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "nothing listens on $1" >&2; return 1; }

# one RECEIVER SENDER: seconds from the sender's start to the receiver's end; they see $PORT, $DST, $WORK.
one() {
    local receiver=$1 sender=$2 start end
    PORT=$((PORT + 1)); export PORT
    export DST=$WORK/dst
    rm -rf "$DST"; mkdir -p "$DST"
    bash -c "$receiver" >/dev/null </dev/null &
    local rp=$!
    wait_listen "$PORT"
    start=$(date +%s%N)
    bash -c "$sender" </dev/null >/dev/null || { echo "sender failed: $sender" >&2; kill "$rp"; return 1; }
    wait "$rp"
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A R S
R[gzip-pipe]='cd $DST && '$NC' -l 127.0.0.1 $PORT | gunzip | tar x'
S[gzip-pipe]='cd $WORK/src && tar c tree big.bin | gzip | '$NC' -N 127.0.0.1 $PORT'
R[tar-pipe]='cd $DST && '$NC' -l 127.0.0.1 $PORT | tar x'
S[tar-pipe]='cd $WORK/src && tar c tree big.bin | '$NC' -N 127.0.0.1 $PORT'
R[jnc-gzip]=$JNC' -l 127.0.0.1 $PORT --receive $DST'
S[jnc-gzip]=$JNC' 127.0.0.1 $PORT --send $WORK/src/tree --send $WORK/src/big.bin'
R[jnc-none]=$JNC' -l 127.0.0.1 $PORT --receive $DST'
S[jnc-none]=$JNC' 127.0.0.1 $PORT --send $WORK/src/tree --send $WORK/src/big.bin --compress none'
R[jnc-code]=$JNC' -l 127.0.0.1 $PORT --receive $DST --code 1-bench-code'
S[jnc-code]=$JNC' 127.0.0.1 $PORT --send $WORK/src/tree --send $WORK/src/big.bin --code 1-bench-code'
if [ -n "$JNC_B" ]; then
    for w in gzip none code; do R[jncB-$w]=${R[jnc-$w]//$JNC/$JNC_B}; S[jncB-$w]=${S[jnc-$w]//$JNC/$JNC_B}; done
fi
[ "$NC" = ncat ] && { S[gzip-pipe]=${S[gzip-pipe]/ -N/ --send-only}; S[tar-pipe]=${S[tar-pipe]/ -N/ --send-only}; }
WAYS=${WAYS:-"gzip-pipe tar-pipe jnc-gzip jnc-none jnc-code${JNC_B:+ jncB-gzip jncB-none jncB-code}"}

declare -A T
for w in $WAYS; do T[$w]=""; done
for round in $(seq "$ROUNDS"); do
    for w in $WAYS; do
        t=$(one "${R[$w]}" "${S[$w]}")
        T[$w]="${T[$w]} $t"
        echo "round $round $w: $t s" >&2
    done
done

# Resume: the big file alone, cut when half of it is on the receiver's side, then the same two commands again.
resume() {
    local JNC=${1:-$JNC}
    PORT=$((PORT + 1))
    local dst=$WORK/dst part start end
    rm -rf "$dst"; mkdir -p "$dst"
    "$JNC" -l 127.0.0.1 $PORT --receive "$dst" 2>/dev/null &
    local rp=$!
    wait_listen $PORT
    "$JNC" 127.0.0.1 $PORT --send "$WORK/resume.bin" --compress none &
    local sp=$!
    for _ in $(seq 20000); do
        part=$(find "$dst" -name '.jnc-part-*' -printf '%s\n' 2>/dev/null | head -1)
        [ -n "$part" ] && [ "$part" -ge $((RESUME_MIB * 1048576 / 2)) ] && break
        sleep 0.005
    done
    kill -9 $sp; wait $sp 2>/dev/null || true; wait $rp 2>/dev/null || true
    PORT=$((PORT + 1))
    "$JNC" -l 127.0.0.1 $PORT --receive "$dst" &
    rp=$!
    wait_listen $PORT
    start=$(date +%s%N)
    "$JNC" 127.0.0.1 $PORT --send "$WORK/resume.bin" --compress none
    wait $rp
    end=$(date +%s%N)
    cmp -s "$dst/resume.bin" "$WORK/resume.bin" || { echo "resume: the file differs" >&2; exit 1; }
    echo "scale=3; ($end - $start) / 1000000000" | bc
}
full() {
    local JNC=${1:-$JNC}
    one "$JNC"' -l 127.0.0.1 $PORT --receive $DST' "$JNC"' 127.0.0.1 $PORT --send $WORK/resume.bin --compress none'
}
RES=""; FULL=""; RATIOS=""; RES_B=""; FULL_B=""; RATIOS_B=""
for round in $(seq "$RESUME_ROUNDS"); do
    f=$(full); r=$(resume)
    echo "round $round resume file: full $f s, resumed after a cut at half $r s" >&2
    FULL="$FULL $f"; RES="$RES $r"; RATIOS="$RATIOS $(echo "scale=2; $r / $f" | bc)"
    if [ -n "$JNC_B" ]; then
        f=$(full "$JNC_B"); r=$(resume "$JNC_B")
        echo "round $round resume file, JNC_B: full $f s, resumed after a cut at half $r s" >&2
        FULL_B="$FULL_B $f"; RES_B="$RES_B $r"; RATIOS_B="$RATIOS_B $(echo "scale=2; $r / $f" | bc)"
    fi
done

echo "tree: $SMALL small files + ${BIG_MIB} MiB file = $TOTAL_MIB MiB; $ROUNDS rounds; nc = $NC"
for w in $WAYS; do
    m=$(median ${T[$w]})
    printf '%-10s median %7.2f s  %8.1f MiB/s   (runs:%s)\n' "$w" "$m" "$(echo "scale=3; $TOTAL_MIB / $m" | bc)" "${T[$w]}"
done
med() { [ -n "${T[$1]:-}" ] && median ${T[$1]} || echo 0; }
ratio() { [ "$1" != 0 ] && [ "$2" != 0 ] && echo "scale=2; $1 / $2" | bc || echo "-"; }
mg=$(med gzip-pipe); mt=$(med tar-pipe); jg=$(med jnc-gzip); jn=$(med jnc-none); jc=$(med jnc-code)
mf=$(median $FULL); mr=$(median $RES)
if [ -n "$JNC_B" ]; then
    bg=$(med jncB-gzip); bn=$(med jncB-none); bc_=$(med jncB-code)
    echo "JNC_B: jnc --send (gzip) / gzip pipeline $(ratio $mg $bg)x; --compress none / tar|nc $(ratio $mt $bn)x; --code / plain $(ratio $bg $bc_)x"
    echo "JNC_B: resume after a cut at half / full: median of medians $(ratio $(median $RES_B) $(median $FULL_B)), median of per-round ratios $(median $RATIOS_B)   (full:$FULL_B, resumed:$RES_B, ratios:$RATIOS_B)"
fi
echo "jnc --send (gzip) / tar|gzip|nc pipeline:  $(ratio $mg $jg)x   (target >= 2)"
echo "jnc --send --compress none / tar|nc:      $(ratio $mt $jn)x   (target >= 0.8)"
echo "jnc --send --code / jnc --send (gzip):     $(ratio $jg $jc)x   (target >= 0.7)"
echo "resume after a cut at half / full (${RESUME_MIB} MiB): median of medians $(ratio $mr $mf), median of per-round ratios $(median $RATIOS)   (target <= 0.6; full:$FULL, resumed:$RES, ratios:$RATIOS)"
