"""
The course's multi-threaded echo server (section 3.2, "Echo Server Multi-Threading"), as the
Python peer of bench/echo.sh: one thread per client, recv(1024) and sendall(), s.listen() with
Python's default backlog, as in the course.

Changes for measuring: the port comes from the command line (python3 threaded_echo_server.py
[PORT], default 61111), "listening PORT" is printed once the socket listens, and the per-message
print('Received from client', repr(data)) is left out: with tens of thousands of round trips per
second, formatting and writing that line would cost more than the echo itself, so the benchmark
would measure print(), not the server. The one 'Connected by' line per client stays (it is
printed while connecting, before the measuring window).
"""
import socket
import sys
import threading


# echo function - gets the client's socket and address
def echo(conn, addr):
    print('Connected by', addr)
    while True:
        data = conn.recv(1024)
        if not data:
            break
        # (the course prints 'Received from client', repr(data) here: left out, see above)
        conn.sendall(data)
    conn.close()


HOST = '127.0.0.1'
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 61111
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((HOST, PORT))
s.listen()
print('listening', PORT, flush=True)
while True:
    conn, addr = s.accept()
    echo_thread = threading.Thread(target=echo, args=(conn, addr))
    echo_thread.start()
