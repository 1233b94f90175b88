#!/usr/bin/env python3
"""Start-up of a listener: the course's `jnc -l PORT`, from launch to exit, with one client that
connects as soon as the port is open, sends "hi" and closes. Side by side with ncat and nc.openbsd,
in interleaved rounds (medians). Loopback only, ports from 63500 up.
Usage: bench/listen.py [RUNS (default 20)] [LISTENER ...]   (default: ./jnc ncat nc.openbsd)"""
import os, socket, statistics, subprocess, sys, time

here = os.path.dirname(os.path.realpath(__file__))
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
listeners = sys.argv[2:] or [os.path.join(here, "..", "jnc"), "ncat", "nc.openbsd"]
subprocess.run([listeners[0], "--version"], stdout=subprocess.DEVNULL, check=False)  # build first


def one(listener, port):
    start = time.perf_counter()
    p = subprocess.Popen([listener, "-l", "127.0.0.1", str(port)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + 10
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
            break
        except OSError:
            if time.perf_counter() > deadline:
                p.kill()
                raise SystemExit(f"{listener} did not listen on {port}")
            time.sleep(0.001)
    s.sendall(b"hi\n")
    s.shutdown(socket.SHUT_WR)
    s.settimeout(10)
    s.recv(16)  # the listener's EOF
    s.close()
    p.wait(timeout=10)
    return (time.perf_counter() - start) * 1000


times = {l: [] for l in listeners}
port = int(os.environ.get("PORT", "63500"))
for i in range(runs + 2):
    for l in listeners:
        port += 1
        t = one(l, port)
        if i >= 2:  # two warm-up rounds
            times[l].append(t)
for l in listeners:
    print(f"{os.path.basename(l):12s} median {statistics.median(times[l]):7.1f} ms   (min {min(times[l]):.1f}, max {max(times[l]):.1f}, {runs} runs)")
