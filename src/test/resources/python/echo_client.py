"""
Echo client like the course's (section 3.1), as a peer for the tests of examples/*.java.
python3 echo_client.py [PORT]   then type lines; 'end' or the end of the input quits.
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 61111
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
print("welcome to the echo server, please type what you want and 'end' to quit", flush=True)
while True:
    try:
        data = input()
    except EOFError:  # end of the input: quit as with 'end'
        break
    if data == "end":
        break
    if not data:  # nothing to send, so no answer to wait for
        continue
    s.sendall(data.encode())
    data = s.recv(1024)
    print("Received:", data.decode(), flush=True)

print("cleaning up ...", flush=True)
s.close()
