#!/usr/bin/env python3
"""How long the first datagram a UDP client receives takes to reach its stdout, jnc beside ncat.

Each round starts the client (`jnc -u 127.0.0.1 PORT` or `ncat -u ...`), lets it send one line to a
socket of ours, waits until it has settled, then sends one datagram back and times its arrival on
the client's stdout; then a second one. Rounds alternate between the two clients.
Usage: bench/udp_first_datagram.py [ROUNDS] [JNC]   (port 27500 on 127.0.0.1)
"""
import os, select, socket, statistics, subprocess, sys, time

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
jnc = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "jnc")
clients = {"jnc": [jnc], "ncat": ["ncat"]}
times = {name: ([], []) for name in clients}

def one(cmd):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 27500))
    p = subprocess.Popen(cmd + ["-u", "127.0.0.1", "27500"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        p.stdin.write(b"hello\n"); p.stdin.flush()
        s.settimeout(10)
        _, addr = s.recvfrom(100)
        time.sleep(1.0)  # the client has started and is waiting
        out = []
        for msg in (b"first\n", b"second\n"):
            t0 = time.perf_counter()
            s.sendto(msg, addr)
            r, _, _ = select.select([p.stdout], [], [], 5)
            if not r:
                return None
            os.read(p.stdout.fileno(), 100)
            out.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        return out
    finally:
        p.kill(); p.wait(); s.close()

for _ in range(rounds):
    for name, cmd in clients.items():
        r = one(cmd)
        if r:
            times[name][0].append(r[0]); times[name][1].append(r[1])

for name in clients:
    first, second = times[name]
    print(f"{name:5s} first datagram median {statistics.median(first):7.2f} ms (max {max(first):7.2f}), "
          f"second {statistics.median(second):6.2f} ms, {len(first)} rounds")
print(f"ratio jnc/ncat (first datagram, medians): {statistics.median(times['jnc'][0]) / max(0.01, statistics.median(times['ncat'][0])):.1f}")
