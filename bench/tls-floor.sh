#!/usr/bin/env bash
# The floor under TLS bulk in jnc: plain TCP, no TLS at all, through the same data path as bench/tls.sh
# (SIZE_MIB from a tmpfs file on the client's stdin -> loopback socket -> the listener's stdout into
# wc -c), beside the best C pair over TLS (socat -> ncat) in the same run. Whatever TLS engine jnc
# uses, jnc -> jnc over TLS costs at least what these plain rows cost, so their ratio to socat -> ncat
# bounds what bench/tls.sh's "jnc -> jnc / best C pair" can reach on this machine. Rows:
#   socat -> ncat  TLS      the best C pair of bench/tls.sh
#   socat -> ncat  plain    the same C tools without TLS
#   jnc -> jnc     plain    as jnc runs: sendfile from the file, splice into the pipe (no byte in user space)
#   jnc -> jnc     copy     -o /dev/null on both sides: every byte read into jnc and written out again, as
#                           any TLS end must (the log's writes to /dev/null copy nothing)
# Prints MiB/s (median of ROUNDS) and each side's CPU seconds (user + system, median), and each row's
# ratio to socat -> ncat over TLS. Loopback only.
# Usage: bench/tls-floor.sh [SIZE_MIB (default 1024)] [ROUNDS (default 3)]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
PORT=${PORT:-63300}
"$JNC" --version >/dev/null   # build first, outside the timings
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
FILE=$work/data.bin
dd if=/dev/zero of="$FILE" bs=1M count="$SIZE_MIB" status=none
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -subj /CN=localhost -days 2 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/both.pem"

. "$here/tls-pair.sh"   # wait_listen, pair, median

rows="socat-ncat-tls socat-ncat-plain jnc-jnc-plain jnc-jnc-copy"
listener() { # ROW PORT
    case $1 in
        socat-ncat-tls) echo "ncat -l --ssl --ssl-cert $work/cert.pem --ssl-key $work/key.pem 127.0.0.1 $2" ;;
        socat-ncat-plain) echo "ncat -l 127.0.0.1 $2" ;;
        jnc-jnc-plain) echo "$JNC -l 127.0.0.1 $2" ;;
        jnc-jnc-copy) echo "$JNC -l -o /dev/null 127.0.0.1 $2" ;;
    esac
}
client() { # ROW PORT
    case $1 in
        socat-ncat-tls) echo "socat -u STDIN OPENSSL:127.0.0.1:$2,verify=0" ;;
        socat-ncat-plain) echo "socat -u STDIN TCP:127.0.0.1:$2" ;;
        jnc-jnc-plain) echo "$JNC 127.0.0.1 $2" ;;
        jnc-jnc-copy) echo "$JNC -o /dev/null 127.0.0.1 $2" ;;
    esac
}

# one ROW PORT: that row's transfer, as tls-pair.sh's pair prints it.
one() { pair "$1" "$(client "$1" "$2")" "$(listener "$1" "$2")" "$2"; }

declare -A runs ccpus lcpus
for _ in $(seq "$ROUNDS"); do       # interleaved rounds
    for r in $rows; do
        PORT=$((PORT + 1))
        read -r rate ccpu lcpu <<< "$(one "$r" "$PORT")"
        runs[$r]+="$rate "
        ccpus[$r]+="${ccpu:-fail} "
        lcpus[$r]+="${lcpu:-fail} "
    done
done
declare -A med
for r in $rows; do
    m=$(echo "${runs[$r]}" | median); m=${m:-0}; med[$r]=$m
    cc=$(echo "${ccpus[$r]}" | median); lc=$(echo "${lcpus[$r]}" | median)
    printf '%-17s median %7.1f MiB/s, CPU s client %5.2f listener %5.2f   (runs: %s)\n' "$r" "$m" "${cc:-0}" "${lc:-0}" "${runs[$r]}"
done
for r in socat-ncat-plain jnc-jnc-plain jnc-jnc-copy; do
    echo "$r / socat-ncat-tls: $(echo "scale=2; ${med[$r]} / ${med[socat-ncat-tls]}" | bc)"
done
