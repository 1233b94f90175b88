#!/usr/bin/env bash
# Chat servers side by side in one run: ncat --chat and jnc --chat, loaded by bench/chatload (a C
# epoll client, neither of them).
#   (a) flood: CLIENTS clients join the room (at most 8 on their way in at a time: a client counts
#       once it got its own join announcement, so both servers serve the same room of CLIENTS
#       members; ncat's listen backlog is 10), then each sends 64-byte lines as fast as its socket
#       takes them, all reading, for SECS seconds; delivered lines/s counted at the receivers (a
#       line is delivered CLIENTS-1 times), every line checked for gaps and order; the clients the
#       server dropped and the lines lost are reported beside it, and the server's CPU time per
#       million delivered lines. ROUNDS rounds, medians reported.
#   (b) join: JOIN_CLIENTS clients connect at once; each must get its own join announcement, then
#       one client's probe line must reach all others. Once per server (it takes a while).
# Also reports each server's CPU seconds (utime+stime from /proc) and peak RSS. Loopback only.
#
# Usage: bench/chat.sh                (same as CLIENTS=400 SECS=5 ROUNDS=3 JOIN_CLIENTS=10000)
# Environment:
#   SERVERS       any of ncat jnc                         default "ncat jnc"
#   CLIENTS SECS ROUNDS                                   default 400, 5, 3
#   JOIN_CLIENTS  clients for (b); 0 skips it             default 10000
#   JOIN_TIMEOUT  seconds before (b) gives up             default 120
#   PORT          first port; each run takes the next     default 28950
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$(readlink -f "$here/..")
SERVERS=${SERVERS:-"ncat jnc"}
CLIENTS=${CLIENTS:-400}
SECS=${SECS:-5}
ROUNDS=${ROUNDS:-3}
JOIN_CLIENTS=${JOIN_CLIENTS:-10000}
JOIN_TIMEOUT=${JOIN_TIMEOUT:-120}
PORT=${PORT:-28950}
LOAD=$here/chatload/chatload
TICK=$(getconf CLK_TCK)

# 10,000 clients need 10,000 descriptors in the server and as many in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 20000 2>/dev/null
echo "# descriptor limit $(ulimit -n); somaxconn $(cat /proc/sys/net/core/somaxconn); $(nproc) cores; $(uname -r)"
if [ ! -x "$LOAD" ] || [ "$here/chatload/chatload.c" -nt "$LOAD" ]; then
    cc -O2 -o "$LOAD" "$here/chatload/chatload.c" || exit 2
fi
"$root/jnc" --version >/dev/null 2>&1 || { echo "jnc does not build" >&2; exit 2; }
echo "# $(ncat --version 2>&1 | head -1); $("$root/jnc" --version 2>&1 | head -1)"
echo "# CLIENTS=$CLIENTS SECS=$SECS ROUNDS=$ROUNDS JOIN_CLIENTS=$JOIN_CLIENTS SERVERS=\"$SERVERS\""

work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() { # NAME PORT: starts it in the background, sets server_pid, waits until it listens
    case $1 in
        ncat) ncat -l 127.0.0.1 "$2" --chat -m 20000 </dev/null >/dev/null 2>"$work/$1.err" & ;;
        jnc)  "$root/jnc" -v -l -k --chat -m 20000 127.0.0.1 "$2" </dev/null >/dev/null 2>"$work/$1.err" & ;;
    esac
    server_pid=$!
    for _ in $(seq 1 900); do
        ss -Hltn "sport = :$2" | grep -q LISTEN && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "# $1 did not start: $(tail -3 "$work/$1.err")"
    return 1
}

cpu_s() { # PID -> utime+stime in seconds
    awk -v t="$TICK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

stop_server() { # NAME -> what it said on its way (for the report)
    local alive=yes
    kill -0 "$server_pid" 2>/dev/null || alive="no (it had quit)"
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
    echo "$alive"
}

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) printf "%.0f\n", v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

port=$PORT
echo
echo "## (a) flood: $CLIENTS clients, 64-byte lines, ${SECS}s"
for round in $(seq 1 "$ROUNDS"); do
    for s in $SERVERS; do
        port=$((port + 1))
        start_server "$s" "$port" || continue
        out=$("$LOAD" flood 127.0.0.1 "$port" "$CLIENTS" "$SECS")
        cpu=$(cpu_s "$server_pid")
        rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null)
        alive=$(stop_server)
        echo "round $round $s: $out server_cpu_s=$cpu server_peak_rss_kib=$rss server_alive=$alive"
        echo "$(field delivered_per_s "$out")" >> "$work/flood.$s"
        echo "$(field dropped_clients "$out")" >> "$work/dropped.$s"
        echo "$(field lost "$out")" >> "$work/lost.$s"
        echo "$(field members "$out")" >> "$work/members.$s"
        awk -v c="$cpu" -v l="$(field window_lines "$out")" 'BEGIN { if (l > 0) printf "%.3f\n", c / (l / 1e6) }' >> "$work/cpu.$s"
    done
done

if [ "$JOIN_CLIENTS" -gt 0 ]; then
    echo
    echo "## (b) join: $JOIN_CLIENTS clients at once, then a probe line to all (timeout ${JOIN_TIMEOUT}s)"
    for s in $SERVERS; do
        port=$((port + 1))
        start_server "$s" "$port" || continue
        out=$(timeout $((JOIN_TIMEOUT + 30)) "$LOAD" join 127.0.0.1 "$port" "$JOIN_CLIENTS" "$JOIN_TIMEOUT")
        cpu=$(cpu_s "$server_pid")
        rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null)
        alive=$(stop_server)
        echo "$s: $out server_cpu_s=$cpu server_peak_rss_kib=$rss server_alive=$alive"
        said=$(grep -v -e "Connection from" -e "Listening on" -e "^Ncat: Version" "$work/$s.err" | sort | uniq -c | sort -rn | head -3)
        [ -n "$said" ] && echo "$s said on stderr (count, line):" && echo "$said"
        echo "$out" > "$work/join.$s"
    done
fi

echo
echo "## summary (medians of $ROUNDS rounds)"
printf "%-6s %9s %16s %10s %14s %22s\n" server members "lines/s (a)" "lost (a)" "dropped (a)" "server CPU s/M lines"
for s in $SERVERS; do
    [ -f "$work/flood.$s" ] || continue
    printf "%-6s %9s %16s %10s %14s %22s\n" "$s" "$(median < "$work/members.$s")" "$(median < "$work/flood.$s")" "$(median < "$work/lost.$s")" \
        "$(median < "$work/dropped.$s")" "$(sort -g "$work/cpu.$s" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
done
if [ -f "$work/flood.jnc" ] && [ -f "$work/flood.ncat" ]; then
    awk -v j="$(median < "$work/flood.jnc")" -v n="$(median < "$work/flood.ncat")" \
        'BEGIN { if (n > 0) printf "jnc / ncat delivered lines/s: %.2f (target >= 1.0)\n", j / n }'
fi
for s in $SERVERS; do
    [ -f "$work/join.$s" ] || continue
    out=$(cat "$work/join.$s")
    echo "(b) $s: connected $(field connected "$out")/$JOIN_CLIENTS, own join $(field got_own_join "$out"), probe $(field got_probe "$out"), all joined after $(field all_joined_s "$out") s, probe to all after $(field probe_all_s "$out") s"
done
