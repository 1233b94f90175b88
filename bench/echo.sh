#!/usr/bin/env bash
# Echo servers side by side in one run: for each N in NS and each server in SERVERS, start the
# server, wait until its port listens, load it with bench/loadgen (N connections, closed loop,
# SIZE-byte messages, WARMUP s then SECS s measured) and report, per round trip, the server's CPU
# time (utime+stime from /proc/PID/stat sampled when the loadgen opens and closes its measuring
# window), round trips/s, p50/p99/max latency and the server's peak RSS (VmHWM). Ends with a table
# and jnc's ratios to Netty. Loopback only (127.0.0.1).
#
# Usage: bench/echo.sh                       (same as NS="100 1000 10000" SECS=10)
#   NS="100 1000" SECS=5 SERVERS="netty python" bench/echo.sh
# Environment:
#   NS        connection counts                     default "100 1000 10000"
#   SERVERS   any of netty python jnc, in this order default "netty python jnc"
#             also: jnc-1loop, jnc-2loops ... (that many event loops, -Djnc.echo.loops=N; the default
#             is one per core), jnc-vt (a virtual thread per
#             client, -Djnc.echo.loops=0: the path taken when a tap is given)
#   SECS      measuring window per run, seconds      default 10
#   ROUNDS    rounds of all runs; the table shows medians (the machine's speed drifts)  default 1
#   WARMUP    warm-up, seconds, once every connection is up and has echoed once   default 2
#   SIZE      message size in bytes                  default 64
#   PORT      first port; every run takes the next free one  default 28000
#             (below the ephemeral range, 32768-60999 here: TIME_WAITs of the loadgen's own ends sit there)
#   JNC_ECHO_CMD   jnc's echo service; the port is appended as the last argument
#                  default "<repo>/jnc -l 127.0.0.1 -k --echo -m 100000"
#   NETTY_JAVA_OPTS  JVM options for Netty           default "--sun-misc-unsafe-memory-access=allow"
#                    (Netty 4.2 turns its sun.misc.Unsafe paths off on Java 25 unless allowed)
# A server that fails to start (exits, or does not listen within 90 s) is skipped with a line
# saying so; the other servers still run.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$(readlink -f "$here/..")
NS=${NS:-"100 1000 10000"}
SERVERS=${SERVERS:-"netty python jnc"}
SECS=${SECS:-10}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-2}
SIZE=${SIZE:-64}
PORT=${PORT:-28000}
jnc_default=${JNC_ECHO_CMD:+no}
JNC_ECHO_CMD=${JNC_ECHO_CMD:-"$root/jnc -l 127.0.0.1 -k --echo -m 100000"}
NETTY_JAVA_OPTS=${NETTY_JAVA_OPTS:-"--sun-misc-unsafe-memory-access=allow"}
LOADGEN=$here/loadgen/loadgen
NETTY_JAR=$here/netty-echo/target/netty-echo.jar
TICK=$(getconf CLK_TCK)

# 10,000 connections need 10,000 descriptors in the server and in the loadgen.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 20000 2>/dev/null
echo "# descriptor limit $(ulimit -n); somaxconn $(cat /proc/sys/net/core/somaxconn); $(nproc) cores; $(uname -r)"

. "$root/scripts/find-jdk.sh"
jnc_find_jdk || exit 2
JAVA=$JNC_JAVA_HOME/bin/java

# Build what is missing or stale, outside the timings.
if [ ! -x "$LOADGEN" ] || [ "$here/loadgen/loadgen.c" -nt "$LOADGEN" ]; then
    cc -O2 -o "$LOADGEN" "$here/loadgen/loadgen.c" || exit 2
fi
if [[ " $SERVERS " == *" netty "* ]] && { [ ! -f "$NETTY_JAR" ] ||
        [ -n "$(find "$here/netty-echo/src" "$here/netty-echo/pom.xml" -newer "$NETTY_JAR" -print -quit)" ]; }; then
    echo "# building $NETTY_JAR"
    JAVA_HOME=$JNC_JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
        mvn -q -B -f "$here/netty-echo/pom.xml" package >&2 || exit 2
fi
if [[ " $SERVERS " == *" jnc "* ]] && [ -z "$jnc_default" ]; then
    "$root/jnc" --version >/dev/null 2>&1 || echo "# note: '$root/jnc --version' (which builds jnc) failed"
fi
echo "# java: $("$JAVA" -version 2>&1 | head -1); $(python3 --version); netty 4.2.18.Final epoll"
echo "# SIZE=$SIZE SECS=$SECS WARMUP=$WARMUP ROUNDS=$ROUNDS NS=\"$NS\" SERVERS=\"$SERVERS\""
echo "# jnc: $JNC_ECHO_CMD PORT"

work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

server_cmd() { # NAME PORT -> the command line, word-split by the caller
    case $1 in
        netty)  echo "$JAVA $NETTY_JAVA_OPTS -jar $NETTY_JAR $2" ;;
        python) echo "python3 $here/pyecho/threaded_echo_server.py $2" ;;
        jnc)    echo "$JNC_ECHO_CMD $2" ;;
        jnc-[0-9]loop|jnc-[0-9]loops)  # jnc with that many event loops
                local k=${1#jnc-}; echo "env JNC_JAVA_OPTS=-Djnc.echo.loops=${k%%loop*} $JNC_ECHO_CMD $2" ;;
        jnc-vt) echo "env JNC_JAVA_OPTS=-Djnc.echo.loops=0 $JNC_ECHO_CMD $2" ;;  # a virtual thread per client
        *)      return 1 ;;
    esac
}

tree() { # PID: the process and all its descendants
    local p
    echo "$1"
    for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$p"; done
}

cpu_ticks() { # PIDS: utime+stime of these processes, in clock ticks
    local p s f total=0
    for p in "$@"; do
        read -r s 2>/dev/null < "/proc/$p/stat" || continue
        read -ra f <<< "${s##*) }"          # after the command name: f[0] is field 3 (state)
        total=$((total + f[11] + f[12]))   # fields 14 (utime) and 15 (stime)
    done
    echo "$total"
}

hwm_kib() { # PID: peak resident set (VmHWM) of the process tree, in KiB
    local p v total=0
    for p in $(tree "$1"); do
        v=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

listening() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
in_use() { ss -tanH "sport = :$1" 2>/dev/null | grep -q .; }   # in any state, TIME-WAIT too

start_server() { # NAME PORT: sets server_pid, or returns 1 after saying why
    local name=$1 port=$2 cmd
    cmd=$(server_cmd "$name" "$port") || { echo "!! $name: unknown server"; return 1; }
    # shellcheck disable=SC2086  # the command is a string of words on purpose (JNC_ECHO_CMD)
    $cmd >"$work/$name.log" 2>&1 </dev/null &
    server_pid=$!
    for _ in $(seq 900); do               # up to 90 s: a first jnc run may build its jar
        listening "$port" && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            wait "$server_pid" 2>/dev/null
            echo "!! $name: SKIPPED, the server exited (status $?) before listening: $cmd"
            sed 's/^/!!   /' "$work/$name.log" | tail -5
            server_pid=
            return 1
        fi
        sleep 0.1
    done
    echo "!! $name: SKIPPED, nothing listens on $port after 90 s: $cmd"
    stop_server
    return 1
}

stop_server() {
    local pids p
    pids=$(tree "$server_pid")
    for p in $pids; do kill "$p" 2>/dev/null; done
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    for p in $pids; do kill -9 "$p" 2>/dev/null; done
    wait "$server_pid" 2>/dev/null
    server_pid=
}

declare -A CPU CORES RTT P50 P99 MAX RSS ERR STALL   # per server,N: values of each round, space-separated
run_one() { # NAME N
    local name=$1 n=$2 line result= c0= c1= rss pids
    while in_use "$PORT"; do PORT=$((PORT + 1)); done
    start_server "$name" "$PORT" || return 0
    pids=$(tree "$server_pid")        # once, so that sampling the CPU time is quick
    coproc LG { LOADGEN_HOLD=1 exec "$LOADGEN" 127.0.0.1 "$PORT" "$n" "$SIZE" "$SECS" "$WARMUP" 2>"$work/loadgen.err"; }
    local lg_pid=$LG_PID lg_out=${LG[0]} lg_in=${LG[1]}
    # shellcheck disable=SC2086  # $pids is a list of words
    while read -r -t $((SECS + WARMUP + 180)) line <&"$lg_out"; do
        case $line in
            "# measuring") c0=$(cpu_ticks $pids) ;;
            "# window closed") c1=$(cpu_ticks $pids) ;;
            conns=*) result=$line; break ;;
        esac
    done
    rss=$(hwm_kib "$server_pid")      # before the loadgen closes its connections
    local logsize; logsize=$(stat -c %s "$work/$name.log")
    eval "exec $lg_in>&-"             # the loadgen now closes its connections and exits
    [ -z "$result" ] && kill "$lg_pid" 2>/dev/null   # it hung or timed out
    wait "$lg_pid" 2>/dev/null
    stop_server
    PORT=$((PORT + 1))
    if [ -z "$result" ] || [ -z "$c0" ] || [ -z "$c1" ]; then
        echo "!! $name N=$n: no result from the loadgen"; sed 's/^/!!   /' "$work/loadgen.err"
        return 0
    fi
    local -A r
    for kv in $result; do r[${kv%%=*}]=${kv#*=}; done
    local k="$name,$n" cpu cores mib
    cpu=$(awk -v t="$((c1 - c0))" -v hz="$TICK" -v n="${r[rtts]}" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')
    cores=$(awk -v t="$((c1 - c0))" -v hz="$TICK" -v w="${r[secs]}" 'BEGIN { printf "%.2f", t / hz / w }')
    mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
    CPU[$k]+=" $cpu"; CORES[$k]+=" $cores"; RTT[$k]+=" ${r[rtt_per_s]}"
    P50[$k]+=" ${r[p50_us]}"; P99[$k]+=" ${r[p99_us]}"; MAX[$k]+=" ${r[max_us]}"; RSS[$k]+=" $mib"
    ERR[$k]=$((${ERR[$k]:-0} + r[errors])); STALL[$k]=$((${STALL[$k]:-0} + r[stalled]))
    printf '%-6s N=%-6s %6s µs server CPU/rtt (%s cores)  %6s rtt/s  p50 %9s µs  p99 %10s µs  RSS %6s MiB  errors=%s stalled=%s\n' \
        "$name" "$n" "$cpu" "$cores" "${r[rtt_per_s]}" "${r[p50_us]}" "${r[p99_us]}" "$mib" "${r[errors]}" "${r[stalled]}"
    echo "       loadgen: $result"
    if [ "${r[errors]}" != 0 ]; then
        echo "       the server's last lines before the window closed:"
        head -c "$logsize" "$work/$name.log" | tail -3 | sed 's/^/       | /'
    fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -1; }

for round in $(seq "$ROUNDS"); do
    [ "$ROUNDS" -gt 1 ] && echo "## round $round of $ROUNDS"
    for n in $NS; do
        for s in $SERVERS; do run_one "$s" "$n"; done
    done
done

echo
[ "$ROUNDS" -gt 1 ] && echo "Medians of $ROUNDS rounds (peak RSS: the largest; errors and stalled: sums):"
echo "| server | conns | server CPU µs / round trip | server CPU, cores | round trips/s | p50 µs | p99 µs | max µs | peak RSS MiB | errors | stalled > 1 s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A MCPU MRTT
for n in $NS; do
    for s in $SERVERS; do
        k="$s,$n"
        [ -n "${RTT[$k]:-}" ] || { echo "| $s | $n | skipped | | | | | | | | |"; continue; }
        # shellcheck disable=SC2086  # the lists are space-separated on purpose
        {
            MCPU[$k]=$(median ${CPU[$k]}); MRTT[$k]=$(median ${RTT[$k]})
            echo "| $s | $n | ${MCPU[$k]} | $(median ${CORES[$k]}) | ${MRTT[$k]} | $(median ${P50[$k]}) |" \
                 "$(median ${P99[$k]}) | $(median ${MAX[$k]}) | $(maximum ${RSS[$k]}) | ${ERR[$k]} | ${STALL[$k]} |"
        }
    done
done
echo
echo "| conns | jnc / Netty: server CPU per round trip (lower is better) | jnc / Netty: round trips/s (higher is better) |"
echo "| ---: | ---: | ---: |"
for n in $NS; do
    if [ -n "${MRTT[jnc,$n]:-}" ] && [ -n "${MRTT[netty,$n]:-}" ]; then
        awk -v a="${MCPU[jnc,$n]}" -v b="${MCPU[netty,$n]}" -v c="${MRTT[jnc,$n]}" -v d="${MRTT[netty,$n]}" -v n="$n" \
            'BEGIN { printf "| %s | %.2f | %.2f |\n", n, (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
    else
        echo "| $n | n/a (jnc or Netty not measured) | n/a |"
    fi
done
