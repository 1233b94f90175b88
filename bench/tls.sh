#!/usr/bin/env bash
# TLS throughput, side by side in one run: SIZE_MIB from a tmpfs file through a TLS client into a
# TLS listener that writes to /dev/null, for every pair of client (socat, jnc) and listener (ncat,
# socat, jnc). One certificate and key for all (RSA 2048, made here). Prints MiB/s (median of
# ROUNDS) and each side's CPU seconds per pair, jnc's ratio to the best C pair, and each pair with jnc beside the same pair
# with a C tool in jnc's place. Loopback only.
# JNC_B=/path/to/another/jnc adds a second build (say the one before a change) as client and
# listener "jncB", against the C tools and itself, for an A/B in the same run.
# ncat is not a client here: ncat 7.93's TLS client stops with "Input/output error" after the
# first ~64 KiB of a file on stdin; openssl s_client -quiet exits at EOF before its data is out.
# Usage: bench/tls.sh [SIZE_MIB (default 1024)] [ROUNDS (default 3)]
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
JNC=$here/../jnc
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
PORT=${PORT:-63100}
JNC_B=${JNC_B:-}
"$JNC" --version >/dev/null   # build first, outside the timings
[ -z "$JNC_B" ] || "$JNC_B" --version >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
FILE=$work/data.bin
dd if=/dev/zero of="$FILE" bs=1M count="$SIZE_MIB" status=none
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -subj /CN=localhost -days 2 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/both.pem"

. "$here/tls-pair.sh"   # wait_listen, pair, median

listener() { # NAME PORT
    case $1 in
        ncat) echo "ncat -l --ssl --ssl-cert $work/cert.pem --ssl-key $work/key.pem 127.0.0.1 $2" ;;
        socat) echo "socat -u OPENSSL-LISTEN:$2,bind=127.0.0.1,reuseaddr,cert=$work/both.pem,verify=0 STDOUT" ;;
        jnc) echo "$JNC -l --ssl --ssl-cert $work/cert.pem --ssl-key $work/key.pem 127.0.0.1 $2" ;;
        jncB) echo "$JNC_B -l --ssl --ssl-cert $work/cert.pem --ssl-key $work/key.pem 127.0.0.1 $2" ;;
    esac
}
client() { # NAME PORT
    case $1 in
        socat) echo "socat -u STDIN OPENSSL:127.0.0.1:$2,verify=0" ;;
        jnc) echo "$JNC --ssl 127.0.0.1 $2" ;;
        jncB) echo "$JNC_B --ssl 127.0.0.1 $2" ;;
    esac
}

# one CLIENT LISTENER PORT: that pair's transfer, as tls-pair.sh's pair prints it.
one() { pair "$1 -> $2" "$(client "$1" "$3")" "$(listener "$2" "$3")" "$3"; }

clients="socat jnc"; listeners="ncat socat jnc"
[ -z "$JNC_B" ] || { clients+=" jncB"; listeners+=" jncB"; }
mixed() { [ "$1$2" = jncjncB ] || [ "$1$2" = jncBjnc ]; }   # jnc with jncB: not compared
declare -A runs ccpus lcpus
for _ in $(seq "$ROUNDS"); do       # interleaved rounds: a machine that drifts affects every pair alike
    for c in $clients; do
        for l in $listeners; do
            mixed "$c" "$l" && continue
            PORT=$((PORT + 1))      # a fresh port each time: the last listener's socket may linger
            read -r rate ccpu lcpu <<< "$(one "$c" "$l" "$PORT")"
            runs[$c-$l]+="$rate "
            ccpus[$c-$l]+="${ccpu:-fail} "
            lcpus[$c-$l]+="${lcpu:-fail} "
        done
    done
done
best_c=0
declare -A med
for c in $clients; do
    for l in $listeners; do
        mixed "$c" "$l" && continue
        m=$(echo "${runs[$c-$l]}" | median); m=${m:-0}
        med[$c-$l]=$m
        cc=$(echo "${ccpus[$c-$l]}" | median); lc=$(echo "${lcpus[$c-$l]}" | median)
        printf '%-6s -> %-6s median %7.1f MiB/s, CPU s client %5.2f listener %5.2f   (runs: %s)\n' "$c" "$l" "$m" "${cc:-0}" "${lc:-0}" "${runs[$c-$l]}"
        if [[ "$c$l" != *jnc* ]]; then best_c=$(echo "if ($m > $best_c) $m else $best_c" | bc); fi
    done
done
ratio() { echo "scale=2; $1 / $2" | bc; }
for j in jnc ${JNC_B:+jncB}; do
    echo "$j: $j -> $j / best C pair: $(ratio "${med[$j-$j]}" "$best_c")"
    echo "$j:   $j -> ncat / socat -> ncat: $(ratio "${med[$j-ncat]}" "${med[socat-ncat]}")    $j -> socat / socat -> socat: $(ratio "${med[$j-socat]}" "${med[socat-socat]}")"
    echo "$j:   socat -> $j / socat -> ncat: $(ratio "${med[socat-$j]}" "${med[socat-ncat]}")    socat -> $j / socat -> socat: $(ratio "${med[socat-$j]}" "${med[socat-socat]}")"
done
