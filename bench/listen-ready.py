#!/usr/bin/env python3
"""Listen-ready time: from exec until the kernel accepts on the port (a LISTEN entry in
/proc/net/tcp{,6}, or the bound UDP socket in /proc/net/udp{,6}), for each listen mode Ncat's test
suite starts, side by side with ncat, in interleaved rounds (medians). No client connects: the
entry is polled every 0.5 ms, so the listener is never disturbed. Each listener is then ended
with SIGTERM. Loopback only, ports from 19500 up (PORT sets the first).
Usage: bench/listen-ready.py [RUNS (default 15)] [LISTENER ...]   (default: ./jnc ncat; the ratio is first / last)
MODES="plain proxy" picks modes by name (default: all of them)."""
import os, signal, statistics, subprocess, sys, time

here = os.path.dirname(os.path.realpath(__file__))
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
listeners = sys.argv[2:] or [os.path.join(here, "..", "jnc"), "ncat"]
subprocess.run([listeners[0], "--version"], stdout=subprocess.DEVNULL, check=False)  # build first

# name -> (arguments before the port, udp?)
ALL_MODES = {
    "plain": (["-l"], False),
    "keep-open": (["-l", "-k"], False),
    "proxy": (["-l", "--proxy-type", "http"], False),
    "chat": (["-l", "--chat"], False),
    "broker": (["-l", "--broker"], False),
    "exec": (["-l", "-e", "/bin/cat"], False),
    "sh-exec": (["-l", "-c", "cat"], False),
    "ssl": (["-l", "--ssl"], False),
    "udp": (["-l", "-u"], True),
}
wanted = os.environ.get("MODES", "").split()
modes = {k: v for k, v in ALL_MODES.items() if not wanted or k in wanted}


def bound(port, udp):
    """True once a listening TCP socket (state 0A) or a bound UDP socket (07) has this port."""
    files = ("/proc/net/udp", "/proc/net/udp6") if udp else ("/proc/net/tcp", "/proc/net/tcp6")
    state = "07" if udp else "0A"
    hexport = f":{port:04X}"
    for f in files:
        with open(f) as fh:
            next(fh)
            for line in fh:
                cols = line.split()
                if cols[1].endswith(hexport) and cols[3] == state:
                    return True
    return False


def one(listener, args, udp, port):
    start = time.perf_counter()
    p = subprocess.Popen([listener] + args + [str(port)], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + 20
    while not bound(port, udp):
        if time.perf_counter() > deadline or p.poll() is not None:
            p.kill()
            raise SystemExit(f"{listener} {' '.join(args)} did not listen on {port}")
        time.sleep(0.0005)
    t = (time.perf_counter() - start) * 1000
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return t


times = {(l, m): [] for m in modes for l in listeners}
port = int(os.environ.get("PORT", "19500"))
for i in range(runs + 2):
    for m, (args, udp) in modes.items():
        for l in listeners:
            port += 1
            t = one(l, args, udp, port)
            if i >= 2:  # two warm-up rounds
                times[(l, m)].append(t)
names = [os.path.basename(l) for l in listeners]
names = [n if names.count(n) == 1 else l for n, l in zip(names, listeners)]  # two builds of jnc: their paths
for i, n in enumerate(names):
    print(f"[{i}] {n}")
print(f"{'mode':10s} " + " ".join(f"{'[' + str(i) + ']':>22s}" for i in range(len(names))) + "   ratio [0]/[last]")
for m in modes:
    meds = [statistics.median(times[(l, m)]) for l in listeners]
    cells = " ".join(f"{med:7.1f} ms (max {max(times[(l, m)]):6.1f})" for l, med in zip(listeners, meds))
    ratio = f"{meds[0] / meds[-1]:6.1f}" if len(meds) > 1 else ""
    print(f"{m:10s} {cells}   {ratio}")
print(f"medians of {runs} interleaved runs, ms from exec to listening (max in brackets)")
