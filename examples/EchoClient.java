/*
 * Echo client: the course's client for the echo server (section 3.1) in Java. It sends each line
 * you type to the server and prints the answer; 'end' (or Ctrl-D) quits.
 *
 *   java examples/EchoClient.java                 127.0.0.1, port 61111
 *   java examples/EchoClient.java 5000            port 5000
 *   java examples/EchoClient.java ::1 5000        another address, here IPv6 loopback
 *
 * Start examples/EchoServer.java (or ThreadedEchoServer.java, or `jnc -l 61111`) first.
 */

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class EchoClient {
    public static void main(String[] args) throws IOException {
        String host = args.length >= 2 ? args[0] : "127.0.0.1";
        int port = args.length >= 1 ? Integer.parseInt(args[args.length - 1]) : 61111;

        // Lines are read and printed as UTF-8 whatever the locale, as Python 3 does.
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        // new Socket(host, port) creates a TCP socket and connects it (Python: s.connect((HOST, PORT)))
        try (var s = new Socket(host, port)) {
            System.out.println("welcome to the echo server, please type what you want and 'end' to quit");
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[1024]; // Python: s.recv(1024)
            while (true) {
                String line = keyboard.readLine(); // null at the end of the input (Ctrl-D), where Python fails
                if (line == null || line.equals("end")) break;
                if (line.isEmpty()) continue; // nothing to send, so there would be no answer to wait for
                out.write(line.getBytes(StandardCharsets.UTF_8)); // Python: s.sendall(data.encode())
                int n = in.read(buffer);
                if (n == -1) { // the server closed the connection
                    System.out.println("the server has closed the connection");
                    break;
                }
                System.out.println("Received: " + new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            System.out.println("cleaning up ...");
        } // leaving the try block closes the socket (Python: s.close())
    }
}
