#!/usr/bin/env bash
# TLS record throughput of an engine alone, no sockets (TlsEngineBench.java): JSSE with heap and with
# direct buffers, TLS 1.3 with AES-128-GCM and AES-256-GCM. The last round of each is the steady
# state; MiB per CPU second is the figure to compare on a shared machine.
# Usage: bench/tls-engine/tls-engine.sh
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../../scripts/find-jdk.sh"; jnc_find_jdk
J=$JNC_JAVA_HOME/bin
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/k.pem" -out "$work/c.pem" -subj /CN=localhost -days 2 2>/dev/null
openssl pkcs12 -export -in "$work/c.pem" -inkey "$work/k.pem" -out "$work/ks.p12" -passout pass:pw
for buffers in heap direct; do
    for suite in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384; do
        "$J/java" "$here/TlsEngineBench.java" "$work/ks.p12" "$buffers" TLSv1.3 "$suite" | sed -n '1p;$p'
    done
done
