#!/usr/bin/env python3
"""Start-up of a listener: the course's `jnc -l PORT`, from launch to exit, with one client that
connects as soon as the port is open, sends "hi" and closes. Side by side with ncat and nc.openbsd,
in interleaved rounds (medians). Loopback only, ports from 63500 up (PORT sets the first).
TLS=1: `LISTENER -l --ssl PORT` (each makes its temporary key and certificate), and the client
shakes hands, sends "hi", and reads to the listener's close_notify; beside ncat only.
Usage: bench/listen.py [RUNS (default 20)] [LISTENER ...]   (default: ./jnc ncat nc.openbsd)"""
import os, socket, ssl, statistics, subprocess, sys, time

here = os.path.dirname(os.path.realpath(__file__))
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
tls = os.environ.get("TLS") == "1"
listeners = sys.argv[2:] or [os.path.join(here, "..", "jnc"), "ncat"] + ([] if tls else ["nc.openbsd"])
client_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
client_tls.check_hostname = False
client_tls.verify_mode = ssl.CERT_NONE
subprocess.run([listeners[0], "--version"], stdout=subprocess.DEVNULL, check=False)  # build first


def one(listener, port):
    start = time.perf_counter()
    p = subprocess.Popen([listener, "-l"] + (["--ssl"] if tls else []) + ["127.0.0.1", str(port)], stdin=subprocess.DEVNULL,
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
    s.settimeout(10)
    if tls:
        s = client_tls.wrap_socket(s)
        s.sendall(b"hi\n")
        while s.recv(16):  # to the listener's close_notify
            pass
    else:
        s.sendall(b"hi\n")
        s.shutdown(socket.SHUT_WR)
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
names = [os.path.basename(l) for l in listeners]
for l in listeners:
    name = os.path.basename(l) if names.count(os.path.basename(l)) == 1 else l
    print(f"{name:12s} median {statistics.median(times[l]):7.1f} ms   (min {min(times[l]):.1f}, max {max(times[l]):.1f}, {runs} runs)")
