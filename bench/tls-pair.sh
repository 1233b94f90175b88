# Sourced by bench/tls.sh and bench/tls-floor.sh, not run: one timed transfer of $FILE ($SIZE_MIB MiB)
# from a client command into a listener command whose stdout goes into `wc -c`, with each side's CPU
# seconds, and the median of a list. The caller sets $work (a scratch directory), $FILE and $SIZE_MIB.

wait_listen() { for _ in $(seq 300); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "nothing listens on $1" >&2; return 1; }

# pair LABEL CLIENT-COMMAND LISTENER-COMMAND PORT: prints "MiB/s client-CPU-s listener-CPU-s" (user +
# system, from /usr/bin/time), or "fail" if the listener did not get every byte in time. CPU seconds
# say more than MiB/s on a machine others share: wall time then depends on who else runs.
pair() {
    echo 0 > "$work/got"
    timeout 300 sh -c "/usr/bin/time -f '%U %S' -o $work/lcpu $3 | wc -c > $work/got" 2>/dev/null &
    local lp=$!
    wait_listen "$4" || { kill "$lp" 2>/dev/null; wait "$lp" 2>/dev/null; echo fail; return 0; }
    local start end
    start=$(date +%s%N)
    timeout 300 /usr/bin/time -f '%U %S' -o "$work/ccpu" sh -c "$2 < $FILE" 2>/dev/null || true
    wait "$lp" || true
    end=$(date +%s%N)
    local got; got=$(cat "$work/got")
    [ "$got" = $((SIZE_MIB << 20)) ] || { echo "$1: got $got of $((SIZE_MIB << 20)) bytes" >&2; echo fail; return 0; }
    echo "$(echo "scale=1; $SIZE_MIB * 1000000000 / ($end - $start)" | bc) $(awk '{print $1 + $2}' "$work/ccpu") $(awk '{print $1 + $2}' "$work/lcpu")"
}

median() { tr ' ' '\n' | grep -v fail | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
