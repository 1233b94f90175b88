#!/usr/bin/env bash
# Soak benchmark (issue 10): every mode of `jnc -l -k` under floods, non-reading peers, slowloris,
# half-open and reset connections and descriptor exhaustion, while a well-behaved client keeps
# doing round trips. SOAK_SECONDS (default 60) sets the time per mode, SOAK_SETTLE the wait before
# the end counts (SOAK_UDP_SETTLE for -u, default 66 s), SOAK_THREAD_WAIT how much longer to wait
# (default 75 s) for descriptors, threads and children to come back to their starting counts (the
# JDK's process reapers end 60 s after their command), SOAK_PORT the first port.
# Usage: bench/soak.sh [mode...]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ulimit -n 4096 2>/dev/null || true
exec python3 soak.py "$@"
