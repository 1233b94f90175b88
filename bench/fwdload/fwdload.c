/*
 * fwdload: the neutral client and sink of bench/forward.sh (not jnc itself), so that the forwarders
 * it compares, not the ends around them, set the pace.
 *
 *   fwdload sink PORT...       the sink: one epoll thread on 127.0.0.1:PORT (each PORT); reads every
 *                              connection to its EOF, discarding the bytes in the kernel (recv with
 *                              MSG_TRUNC: no copy), closes it and prints the count it read, a line each
 *   fwdload bulk PORT MIB      one connection that sends MIB MiB from memory without copying it
 *                              (sendfile from a memfd), half-closes and waits for the far end's
 *                              close; prints MiB/s
 *   fwdload short PORT N [S]   N connections one after the other, each sending 64 KiB, half-closing
 *                              and waiting for the far end's close; prints connections/s (with S,
 *                              it stops after S seconds and says on stderr how many it made)
 *
 * bench/forward.sh checks the sink's counts: every byte sent must have arrived. (The count is not
 * sent back through the forwarder: `ncat -l -c` closes the client once it has half-closed, and
 * would lose it.) A reset or bytes coming back exit the client with 1 and a line on stderr.
 * Loopback only.
 *
 * Build: cc -O2 -o bench/fwdload/fwdload bench/fwdload/fwdload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SHORT_BYTES 65536
#define SOURCE_BYTES (64L << 20)   /* the bulk source: 64 MiB in memory, sent again and again */
#define MAX_FD 65536

static void die(const char *what) { perror(what); exit(1); }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* --- the sink --- */

static uint64_t counts[MAX_FD];

static char listening[MAX_FD];

static void sink(int nports, char **ports) {
    int ep = epoll_create1(0);
    for (int i = 0; i < nports; i++) {
        int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        int one = 1;
        setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in a = loopback(atoi(ports[i]));
        if (ls < 0 || ls >= MAX_FD || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) die("sink: listen");
        listening[ls] = 1;
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
        epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    }
    static char scratch[1 << 20];   /* never written with MSG_TRUNC; there for a kernel that would */
    struct epoll_event ready[256];
    int wrote = 0;
    for (;;) {
        if (wrote) fflush(stdout);
        wrote = 0;
        int n = epoll_wait(ep, ready, 256, -1);
        if (n < 0 && errno != EINTR) die("sink: epoll_wait");
        for (int i = 0; i < n; i++) {
            int fd = ready[i].data.fd;
            if (listening[fd]) {
                int ls = fd, c;
                while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (c >= MAX_FD) { close(c); continue; }
                    counts[c] = 0;
                    struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                }
                continue;
            }
            for (;;) {
                ssize_t r = recv(fd, scratch, sizeof scratch, MSG_TRUNC | MSG_DONTWAIT);
                if (r > 0) { counts[fd] += r; continue; }
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
                /* the count after the close: the forwarder's session ends first */
                printf(r == 0 ? "%llu\n" : "error %llu\n", (unsigned long long)counts[fd]);
                wrote = 1;
                break;
            }
        }
    }
}

/* --- the clients --- */

static int dial(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loopback(port);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a)) die("connect");
    return s;
}

/* Half-closes, then waits for the far end's close; the sink sends nothing back. */
static void settle(int s) {
    if (shutdown(s, SHUT_WR)) die("shutdown");
    char b[64];
    ssize_t r = recv(s, b, sizeof b, 0);
    if (r < 0) die("recv");
    if (r > 0) { fprintf(stderr, "fwdload: %zd bytes came back from a sink that sends none\n", r); exit(1); }
    close(s);
}

static void bulk(int port, long mib) {
    int src = memfd_create("fwdload", 0);
    if (src < 0 || ftruncate(src, SOURCE_BYTES)) die("memfd");
    char *m = mmap(NULL, SOURCE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, src, 0);
    if (m == MAP_FAILED) die("mmap");
    for (long i = 0; i < SOURCE_BYTES; i++) m[i] = (char)(i * 131 + (i >> 12));   /* not all zeros */
    munmap(m, SOURCE_BYTES);
    uint64_t total = (uint64_t)mib << 20, left = total;
    double start = now();
    int s = dial(port);
    while (left > 0) {
        off_t off = (off_t)((total - left) % SOURCE_BYTES);
        size_t n = SOURCE_BYTES - off < (off_t)left ? (size_t)(SOURCE_BYTES - off) : (size_t)left;
        ssize_t w = sendfile(s, src, &off, n);
        if (w <= 0) die("sendfile");
        left -= w;
    }
    settle(s);
    printf("%.1f\n", mib / (now() - start));
}

static void shortconns(int port, long n, double seconds) {
    static char payload[SHORT_BYTES];
    memset(payload, 'x', sizeof payload);
    double start = now();
    long i;
    for (i = 0; i < n && (seconds <= 0 || now() - start < seconds); i++) {
        int s = dial(port);
        for (size_t off = 0; off < sizeof payload;) {
            ssize_t w = send(s, payload + off, sizeof payload - off, MSG_NOSIGNAL);
            if (w <= 0) die("send");
            off += w;
        }
        settle(s);
    }
    printf("%.1f\n", i / (now() - start));
    if (seconds > 0) fprintf(stderr, "%ld\n", i);
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "sink")) sink(argc - 2, argv + 2);
    if (argc == 4 && !strcmp(argv[1], "bulk")) { bulk(atoi(argv[2]), atol(argv[3])); return 0; }
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "short")) {
        shortconns(atoi(argv[2]), atol(argv[3]), argc == 5 ? atof(argv[4]) : 0);
        return 0;
    }
    fprintf(stderr, "usage: fwdload sink PORT... | bulk PORT MIB | short PORT N [SECONDS]\n");
    return 2;
}
