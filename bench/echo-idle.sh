#!/usr/bin/env bash
# Resident memory per idle connection of echo servers, side by side: for each server in SERVERS,
# start it, warm it up with WARM connections that echo once and close, read its VmRSS, open N
# connections with bench/loadgen (LOADGEN_IDLE=1: each sends one 64-byte message, checks the echo,
# then stays open and silent), wait SETTLE s, read VmRSS again and the number of its open
# descriptors, then close them; after the hold the loadgen checks that no connection was closed or
# sent anything unasked. Reports (after - before) / N in KiB. Loopback only (127.0.0.1).
#
# Usage: bench/echo-idle.sh                   (same as N=19000 SERVERS="jnc netty")
# Environment:
#   N         idle connections                       default 19000 (the limit is 20,000 descriptors
#             per process here: the server needs one per client plus its own)
#   SERVERS   any of jnc jnc-vt netty python          default "jnc netty"
#             jnc-vt: jnc's virtual-thread path (-Djnc.echo.loops=0, the path a tap takes)
#   WARM      warm-up connections                     default 200
#   SETTLE    seconds between the last echo and the second reading   default 2
#   PORT      first port                              default 28000
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
root=$(readlink -f "$here/..")
N=${N:-19000}
SERVERS=${SERVERS:-"jnc netty"}
WARM=${WARM:-200}
SETTLE=${SETTLE:-2}
PORT=${PORT:-28000}
LOADGEN=$here/loadgen/loadgen
NETTY_JAR=$here/netty-echo/target/netty-echo.jar

ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 20000 2>/dev/null
echo "# descriptor limit $(ulimit -n); $(nproc) cores; $(uname -r); N=$N WARM=$WARM SETTLE=$SETTLE"
. "$root/scripts/find-jdk.sh"
jnc_find_jdk || exit 2
JAVA=$JNC_JAVA_HOME/bin/java
if [ ! -x "$LOADGEN" ] || [ "$here/loadgen/loadgen.c" -nt "$LOADGEN" ]; then
    cc -O2 -o "$LOADGEN" "$here/loadgen/loadgen.c" || exit 2
fi
if [[ " $SERVERS " == *" netty "* ]] && [ ! -f "$NETTY_JAR" ]; then
    JAVA_HOME=$JNC_JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
        mvn -q -B -f "$here/netty-echo/pom.xml" package >&2 || exit 2
fi
"$root/jnc" --version >/dev/null 2>&1 || echo "# note: '$root/jnc --version' (which builds jnc) failed"

server_cmd() { # NAME PORT
    case $1 in
        jnc)    echo "$root/jnc -l 127.0.0.1 -k --echo -m 100000 $2" ;;
        jnc-vt) echo "env JNC_JAVA_OPTS=-Djnc.echo.loops=0 $root/jnc -l 127.0.0.1 -k --echo -m 100000 $2" ;;
        netty)  echo "$JAVA --sun-misc-unsafe-memory-access=allow -jar $NETTY_JAR $2" ;;
        python) echo "python3 $here/pyecho/threaded_echo_server.py $2" ;;
        *)      return 1 ;;
    esac
}
listening() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
in_use() { ss -tanH "sport = :$1" 2>/dev/null | grep -q .; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# (the jnc launcher execs java, so $! is the JVM itself)

printf '| server | idle connections held | echoed once | RSS before MiB | RSS after MiB | KiB per idle connection | descriptors open |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for s in $SERVERS; do
    while in_use "$PORT"; do PORT=$((PORT + 1)); done
    cmd=$(server_cmd "$s" "$PORT") || { echo "!! $s: unknown server"; continue; }
    # shellcheck disable=SC2086
    $cmd >/dev/null 2>"/tmp/echo-idle.$$.err" </dev/null &
    pid=$!
    for _ in $(seq 900); do listening "$PORT" && break; sleep 0.1; done
    if ! listening "$PORT"; then echo "!! $s: not listening"; kill "$pid" 2>/dev/null; continue; fi
    # warm-up: the first clients load classes and grow buffers once, not per connection
    LOADGEN_IDLE=1 "$LOADGEN" 127.0.0.1 "$PORT" "$WARM" 64 1 </dev/null >/dev/null 2>&1
    sleep 1
    before=$(rss_kib "$pid")
    coproc LG { LOADGEN_IDLE=1 exec "$LOADGEN" 127.0.0.1 "$PORT" "$N" 64 1 2>/tmp/echo-idle.$$.lg; }
    lg_out=${LG[0]} lg_in=${LG[1]} lg_pid=$LG_PID
    line=
    read -r -t 180 line <&"$lg_out"
    sleep "$SETTLE"
    after=$(rss_kib "$pid")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    eval "exec $lg_in>&-"
    read -r -t 60 tail_line <&"$lg_out"
    wait "$lg_pid" 2>/dev/null
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    PORT=$((PORT + 1))
    declare -A r=()
    for kv in ${line#idle } ${tail_line#idle }; do r[${kv%%=*}]=${kv#*=}; done
    # held to the end: echoed once, and neither closed nor sent anything during the hold
    held=$(( ${r[echoed]:-0} - (${r[after_hold_errors]:-0} - ${r[errors]:-0}) ))
    per=$(awk -v a="$after" -v b="$before" -v n="${r[echoed]:-0}" 'BEGIN { printf "%.2f", n ? (a - b) / n : 0 }')
    printf '| %s | %s of %s | %s | %.1f | %.1f | %s | %s |\n' "$s" "$held" "$N" "${r[echoed]:-?}" \
        "$(echo "$before / 1024" | bc -l)" "$(echo "$after / 1024" | bc -l)" "$per" "$fds"
    echo "    loadgen: $line; $tail_line"
    [ -s /tmp/echo-idle.$$.lg ] && sed 's/^/    loadgen: /' /tmp/echo-idle.$$.lg | tail -3
    grep -v '^$' /tmp/echo-idle.$$.err | tail -3 | sed 's/^/    server: /'
done
rm -f /tmp/echo-idle.$$.err /tmp/echo-idle.$$.lg
