"""
Echo server like the course's (section 3.1), as a peer for the tests of examples/*.java.
python3 echo_server.py [PORT]
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 61111
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((HOST, PORT))
s.listen(5)
while True:
    conn, addr = s.accept()
    # flush: the test reads our output through a pipe, where print() would buffer it
    print("Connected by", addr, flush=True)
    while True:
        data = conn.recv(1024)
        if not data:
            break
        print("Received from client", repr(data), flush=True)
        conn.sendall(data)
    conn.close()
