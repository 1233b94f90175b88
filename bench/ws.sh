#!/usr/bin/env bash
# WebSocket echo servers side by side in one run, and a bulk transfer.
#
# Echo: for each N in NS and each server in SERVERS (jnc -l -k --ws --echo, Node's ws, Python's
# websockets), start the server, wait until it listens, load it with bench/wsload (a C client, not
# jnc: N connections, closed loop, SIZE-byte text messages, WARMUP s then SECS s measured) and
# record round trips/s, p99 latency and the server's CPU time per round trip. ROUNDS rounds of all
# runs, interleaved; the table shows medians and jnc's ratios to Node's ws.
# Bulk: BULK_MIB MiB of binary messages through `jnc --ws --binary` into `jnc -l --ws --binary`,
# beside the same bytes through plain `jnc` into `jnc -l` (TCP), in the same round; with the CPU
# seconds of both jnc processes (/usr/bin/time), which a busy machine changes less than the wall time.
#
# Usage: bench/ws.sh                 (NS="100 1000" SECS=10 ROUNDS=3)
#   NS="100" SECS=3 ROUNDS=1 SERVERS="jnc node" bench/ws.sh
# Environment: NS, SERVERS (any of jnc node python), SECS, WARMUP (default 2), ROUNDS, SIZE (64),
#   BULK_MIB (1024; 0 skips the bulk run), PORT (first port, default 22100; each run takes the next)
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$(readlink -f "$here/..")
NS=${NS:-"100 1000"}
SERVERS=${SERVERS:-"jnc node python"}
SECS=${SECS:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
SIZE=${SIZE:-64}
BULK_MIB=${BULK_MIB:-1024}
PORT=${PORT:-22100}
LOAD=$here/wsload/wsload
TICK=$(getconf CLK_TCK)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 20000 2>/dev/null
echo "# $(nproc) cores; $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -x "$LOAD" ] || [ "$here/wsload/wsload.c" -nt "$LOAD" ]; then
    cc -O2 -o "$LOAD" "$here/wsload/wsload.c" || exit 2
fi
[ -f "$root/target/jnc.jar" ] || (cd "$root" && ./run-tests -DskipTests -q) || exit 2

listening() { ss -Htln "sport = :$1" | grep -q LISTEN; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

start_server() { # name port -> pid
    case $1 in
        jnc) "$root/jnc" -l -k --ws --echo -m 100000 127.0.0.1 "$2" </dev/null >/dev/null 2>&1 & ;;
        node) node "$here/wsecho/echo.js" "$2" </dev/null >/dev/null 2>&1 & ;;
        python) "$PY" "$here/wsecho/echo.py" "$2" </dev/null >/dev/null 2>&1 & ;;
    esac
    echo $!
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
port=$PORT
for round in $(seq "$ROUNDS"); do
    for n in $NS; do
        for s in $SERVERS; do
            port=$((port + 1))
            pid=$(start_server "$s" "$port")
            for _ in $(seq 900); do listening "$port" && break; sleep 0.1; done
            if ! listening "$port"; then echo "# $s did not listen on $port: skipped"; kill "$pid" 2>/dev/null; continue; fi
            before=$(cpu_ticks "$pid")
            line=$("$LOAD" 127.0.0.1 "$port" "$n" "$SIZE" "$SECS" "$WARMUP")
            after=$(cpu_ticks "$pid")
            kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
            rtts=$(sed -n 's/.*rtts=\([0-9]*\).*/\1/p' <<<"$line")
            # CPU over warm-up and window (and the connects): per round trip of the window, an upper bound
            cpu_us=$(awk -v t=$((after - before)) -v k="$TICK" -v r="${rtts:-0}" 'BEGIN { if (r > 0) printf "%.1f", t / k * 1e6 / r; else print "-" }')
            echo "round=$round server=$s $line server_cpu_us_per_rtt=$cpu_us"
            echo "$s $n $(sed -n 's/.*rtt_per_s=\([0-9]*\).*/\1/p' <<<"$line") $(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' <<<"$line") $cpu_us" >>"$results"
        done
    done
done

echo
echo "| server | connections | round trips/s (median of $ROUNDS) | p99 µs | server CPU µs per round trip |"
echo "| --- | ---: | ---: | ---: | ---: |"
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print 0 }'; }
for n in $NS; do
    for s in $SERVERS; do
        r=$(awk -v s="$s" -v n="$n" '$1 == s && $2 == n { print $3 }' "$results" | median)
        p=$(awk -v s="$s" -v n="$n" '$1 == s && $2 == n { print $4 }' "$results" | median)
        c=$(awk -v s="$s" -v n="$n" '$1 == s && $2 == n { print $5 }' "$results" | median)
        echo "| $s | $n | $r | $p | $c |"
    done
done
for n in $NS; do
    for other in node python; do
        [[ " $SERVERS " == *" jnc "* && " $SERVERS " == *" $other "* ]] || continue
        j=$(awk -v n="$n" '$1 == "jnc" && $2 == n { print $3 }' "$results" | median)
        o=$(awk -v s="$other" -v n="$n" '$1 == s && $2 == n { print $3 }' "$results" | median)
        awk -v j="$j" -v o="$o" -v n="$n" -v s="$other" 'BEGIN { if (o > 0) printf "jnc / %s at %d connections: %.2fx round trips/s\n", s, n, j / o }'
    done
done

[ "$BULK_MIB" -gt 0 ] || exit 0
echo
bulk() { # label client-args... ; server args come from the label
    local label=$1; shift
    port=$((port + 1))
    local srv cpu_s cpu_c timer=()
    cpu_s=$(mktemp) cpu_c=$(mktemp)
    # CPU seconds of both jnc processes (user + system), which a busy machine changes less than the wall time
    [ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%U %S")
    if [ "$label" = ws ]; then
        "${timer[@]}" ${timer:+-o "$cpu_s"} "$root/jnc" -l --ws --binary 127.0.0.1 "$port" </dev/null >/dev/null 2>&1 & srv=$!
    else
        "${timer[@]}" ${timer:+-o "$cpu_s"} "$root/jnc" -l 127.0.0.1 "$port" </dev/null >/dev/null 2>&1 & srv=$!
    fi
    for _ in $(seq 300); do listening "$port" && break; sleep 0.1; done
    local t0 t1
    t0=$(date +%s%N)
    head -c "$((BULK_MIB << 20))" /dev/zero | "${timer[@]}" ${timer:+-o "$cpu_c"} "$root/jnc" "$@" 127.0.0.1 "$port" >/dev/null
    wait "$srv"
    t1=$(date +%s%N)
    local cpu
    cpu=$(cat "$cpu_s" "$cpu_c" 2>/dev/null | awk '$1 ~ /^[0-9.]+$/ { s += $1 + $2; n++ } END { if (n == 2) printf "%.2f", s; else print "-" }')
    rm -f "$cpu_s" "$cpu_c"
    awk -v m="$BULK_MIB" -v ns=$((t1 - t0)) -v l="$label" -v c="$cpu" 'BEGIN { printf "bulk %s: %d MiB in %.2f s = %.2f GiB/s; CPU of both jnc: %s s\n", l, m, ns / 1e9, m / 1024 / (ns / 1e9), c }'
}
for round in $(seq "$ROUNDS"); do
    bulk ws --ws --binary
    bulk tcp
done
