/*
 * loadgen: a neutral closed-loop load generator for TCP echo servers (not jnc itself).
 *
 *   loadgen HOST PORT CONNECTIONS MESSAGE_SIZE SECONDS [WARMUP_SECONDS (default 2)]
 *
 * Connect phase: opens CONNECTIONS connections (non-blocking connects, failed ones retried with a
 * back-off); each sends one message, checks its echo and then waits for the others. At most
 * CONNECT_BATCH connections are in flight (connecting, or connected without an echo yet: the
 * handshake completes in the kernel even while the server's accept queue is full, so only the echo
 * shows that the server took the connection).
 * Load phase, once every connection has echoed once (or after CONNECT_TIMEOUT_S): each connection
 * sends a MESSAGE_SIZE-byte message, waits until the whole echo came back, checks it byte for byte,
 * and repeats (a closed loop). After WARMUP_SECONDS, the round trips completed during the
 * SECONDS-long measuring window are counted and their latencies (send start to last echo byte)
 * give p50/p99/max. A connection that fails (reset, early EOF, wrong bytes) is counted as an
 * error, closed and reconnected, so the load stays at CONNECTIONS; "stalled" counts connections
 * still waiting for an echo after more than a second when the window closes (not in "errors").
 * One epoll thread; loopback only is the intended use.
 *
 * Output, on stdout: "# measuring" when the window opens and "# window closed" when it closes (for
 * scripts that sample the server's counters), then one key=value line. With LOADGEN_HOLD=1 in the environment it then waits for EOF
 * on stdin before closing the connections, so a script can read the server's CPU time before the
 * teardown adds to it.
 *
 * With LOADGEN_IDLE=1 in the environment there is no load phase: once every connection has echoed
 * its one message, it prints "idle conns=... echoed=... errors=..." and holds the connections,
 * silent, until EOF on stdin (for measuring what an idle connection costs the server).
 *
 * Build: cc -O2 -o bench/loadgen/loadgen bench/loadgen/loadgen.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_BATCH 256       /* new connections in flight at once: the server's backlog is finite */
#define MAX_ATTEMPTS 20         /* connect attempts per connection before it counts as failed */
#define CONNECT_TIMEOUT_S 60    /* give up waiting for all connections after this long */
#define PATTERN_SPAN 4096       /* messages are slices of a random pattern at varying offsets */

enum state { IDLE, CONNECTING, BUSY, PARKED, DEAD };  /* PARKED: echoed once, waits for the load */

struct conn {
    int fd;
    enum state state;
    int attempts;
    int pending;                /* counted in in_flight: connecting, or connected but no echo yet */
    uint32_t events;            /* the epoll events registered for fd */
    uint32_t round;             /* message number on this connection: picks its bytes */
    size_t sent, recvd;         /* progress of the current round trip */
    uint64_t started_ns;        /* when the current message's send began */
    uint64_t retry_ns;          /* earliest time for the next connect attempt */
};

static struct conn *conns;
static int nconns, size, epfd;
static unsigned char *pattern, *scratch;
static struct sockaddr_storage addr;
static socklen_t addrlen;
static int *queue, qhead, qlen;  /* ring of connections waiting to (re)connect */
static int in_flight, established;  /* pending connections; connections with a handshake done */
static int loading, measuring;  /* load phase started; measuring window open */
static uint64_t *lat;            /* latencies (ns) of round trips completed while measuring */
static size_t nlat, caplat;
static long err_connect, err_reset, err_short, err_mismatch, retries;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static const unsigned char *message(int i) {   /* the bytes of connection i's current message */
    return pattern + (i * 131u + conns[i].round * 17u) % PATTERN_SPAN;
}

static void enqueue(int i, uint64_t at) {
    conns[i].state = IDLE;
    conns[i].retry_ns = at;
    queue[(qhead + qlen++) % nconns] = i;
}

/* A connection failed: count it under *counter, close it and queue a reconnect (a failed
 * connect is retried with a growing pause, and counts as an error only when it gives up). */
static void fail(int i, long *counter) {
    struct conn *c = &conns[i];
    if (c->pending) { c->pending = 0; in_flight--; }
    if (c->state == BUSY || c->state == PARKED) established--;
    close(c->fd);
    c->fd = -1;
    if (counter == &err_connect && c->attempts < MAX_ATTEMPTS) {
        retries++;
        enqueue(i, now_ns() + 10000000ull * (c->attempts < 10 ? c->attempts : 10));
        return;
    }
    (*counter)++;
    if (counter == &err_connect) { c->state = DEAD; return; }
    c->attempts = 0;
    enqueue(i, now_ns() + 10000000ull);
}

static void set_events(int i, uint32_t ev) {
    if (conns[i].events == ev) return;
    struct epoll_event e = { .events = ev, .data.u32 = (uint32_t)i };
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, conns[i].fd, &e) < 0) die("epoll_ctl");
    conns[i].events = ev;
}

/* Sends what the socket takes of the current message; EPOLLOUT is asked for only while some is left. */
static int send_some(int i) {
    struct conn *c = &conns[i];
    ssize_t n = send(c->fd, message(i) + c->sent, size - c->sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) { fail(i, &err_reset); return -1; }
    if (n > 0) c->sent += n;
    set_events(i, c->sent < (size_t)size ? EPOLLIN | EPOLLOUT : EPOLLIN);
    return 0;
}

static void start_round(int i) {
    struct conn *c = &conns[i];
    c->sent = c->recvd = 0;
    c->started_ns = now_ns();
    send_some(i);
}

static void try_connect(int i) {
    struct conn *c = &conns[i];
    c->attempts++;
    c->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) die("socket (is the descriptor limit high enough?)");
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->state = CONNECTING;
    c->events = EPOLLOUT;
    c->pending = 1;
    in_flight++;
    struct epoll_event e = { .events = EPOLLOUT, .data.u32 = (uint32_t)i };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &e) < 0) die("epoll_ctl");
    if (connect(c->fd, (struct sockaddr *)&addr, addrlen) < 0 && errno != EINPROGRESS)
        fail(i, &err_connect);
}

static void on_event(int i, uint32_t ev) {
    struct conn *c = &conns[i];
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err || (ev & (EPOLLERR | EPOLLHUP))) { fail(i, &err_connect); return; }
        c->state = BUSY;
        c->attempts = 0;
        established++;
        start_round(i);
        return;
    }
    if (c->state == PARKED) {   /* nothing may arrive now: EOF, a reset, or bytes nobody sent */
        ssize_t n = recv(c->fd, scratch, 1, 0);
        if (n < 0 && errno != EAGAIN) fail(i, &err_reset);
        if (n == 0) fail(i, &err_short);
        if (n > 0) fail(i, &err_mismatch);
        return;
    }
    if (c->state != BUSY) return;
    if ((ev & EPOLLOUT) && c->sent < (size_t)size && send_some(i) < 0) return;
    if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t n = recv(c->fd, scratch, size - c->recvd, 0);
        if (n < 0 && errno == EAGAIN) return;
        if (n < 0) { fail(i, &err_reset); return; }
        if (n == 0) { fail(i, &err_short); return; }    /* EOF before the whole echo */
        if (memcmp(scratch, message(i) + c->recvd, n) != 0) { fail(i, &err_mismatch); return; }
        c->recvd += n;
        if (c->recvd < (size_t)size) return;
        if (measuring) {
            if (nlat == caplat) {
                caplat = caplat ? 2 * caplat : 1 << 16;
                if (!(lat = realloc(lat, caplat * sizeof *lat))) die("realloc");
            }
            lat[nlat++] = now_ns() - c->started_ns;
        }
        if (c->pending) { c->pending = 0; in_flight--; }
        c->round++;
        if (loading) start_round(i);
        else c->state = PARKED;
    }
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_us(double p) {   /* nearest-rank percentile of the sorted latencies, in µs */
    if (nlat == 0) return 0;
    size_t k = (size_t)(p / 100.0 * nlat + 0.999999);
    return lat[(k ? k : 1) - 1] / 1000.0;
}

int main(int argc, char **argv) {
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: %s HOST PORT CONNECTIONS MESSAGE_SIZE SECONDS [WARMUP_SECONDS]\n", argv[0]);
        return 2;
    }
    nconns = atoi(argv[3]);
    size = atoi(argv[4]);
    double secs = atof(argv[5]), warmup = argc == 7 ? atof(argv[6]) : 2;
    if (nconns < 1 || size < 1 || secs <= 0 || warmup < 0) { fprintf(stderr, "bad arguments\n"); return 2; }

    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV }, *ai;
    int rc = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (rc) { fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(rc)); return 2; }
    memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    addrlen = ai->ai_addrlen;
    freeaddrinfo(ai);

    struct rlimit rl;   /* one descriptor per connection, and some to spare */
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)nconns + 16)
        fprintf(stderr, "loadgen: warning: descriptor limit %lu < %d connections\n",
                (unsigned long)rl.rlim_cur, nconns);
    signal(SIGPIPE, SIG_IGN);

    conns = calloc(nconns, sizeof *conns);
    queue = calloc(nconns, sizeof *queue);
    pattern = malloc(size + PATTERN_SPAN);
    scratch = malloc(size);
    if (!conns || !queue || !pattern || !scratch) die("malloc");
    srandom(getpid());
    for (int k = 0; k < size + PATTERN_SPAN; k++) pattern[k] = (unsigned char)random();
    if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    for (int i = 0; i < nconns; i++) enqueue(i, 0);

    const char *idle_env = getenv("LOADGEN_IDLE");
    int idle_only = idle_env && strcmp(idle_env, "1") == 0;
    struct epoll_event evs[512];
    uint64_t t0 = now_ns(), connected_ns = 0, window_start = 0, window_end = 0;
    for (;;) {
        uint64_t now = now_ns();
        /* start queued connects, oldest first, while the batch has room and their time has come */
        while (qlen > 0 && in_flight < CONNECT_BATCH && conns[queue[qhead]].retry_ns <= now) {
            int i = queue[qhead];
            qhead = (qhead + 1) % nconns;
            qlen--;
            try_connect(i);
        }
        if (!connected_ns && ((qlen == 0 && in_flight == 0) || now - t0 > CONNECT_TIMEOUT_S * 1000000000ull)) {
            connected_ns = now;
            if (idle_only) break;
            loading = 1;
            for (int i = 0; i < nconns; i++)
                if (conns[i].state == PARKED) { conns[i].state = BUSY; start_round(i); }
            window_start = now + (uint64_t)(warmup * 1e9);
            window_end = window_start + (uint64_t)(secs * 1e9);
        }
        if (connected_ns && !measuring && now >= window_start) {
            measuring = 1;
            printf("# measuring\n");
            fflush(stdout);
        }
        if (measuring && now >= window_end) break;
        int n = epoll_wait(epfd, evs, 512, 5);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; k++) on_event((int)evs[k].data.u32, evs[k].events);
    }
    if (idle_only) {   /* every connection has echoed once (PARKED) or failed: report, then hold them */
        int echoed = 0;
        for (int i = 0; i < nconns; i++) echoed += conns[i].state == PARKED;
        long errors = err_connect + err_reset + err_short + err_mismatch;
        printf("idle conns=%d echoed=%d established=%d connect_ms=%.0f connect_retries=%ld errors=%ld\n",
               nconns, echoed, established, (connected_ns - t0) / 1e6, retries, errors);
        fflush(stdout);
        char buf[256];
        while (read(0, buf, sizeof buf) > 0) {}
        for (int i = 0; i < nconns; i++) {   /* anything that came meanwhile is a server error */
            if (conns[i].state != PARKED) continue;
            ssize_t n = recv(conns[i].fd, scratch, 1, MSG_DONTWAIT);
            if (n >= 0 || errno != EAGAIN) errors++;
        }
        printf("idle after_hold_errors=%ld\n", errors);
        return errors ? 1 : 0;
    }
    uint64_t end = now_ns();
    printf("# window closed\n");
    fflush(stdout);
    int stalled = 0;     /* connections waiting more than a second for their current echo */
    for (int i = 0; i < nconns; i++)
        if (conns[i].state == BUSY && end - conns[i].started_ns > 1000000000ull) stalled++;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    qsort(lat, nlat, sizeof *lat, cmp_u64);
    double window = (end - window_start) / 1e9;
    long errors = err_connect + err_reset + err_short + err_mismatch;
    printf("conns=%d size=%d secs=%.1f rtt_per_s=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f errors=%ld"
           " rtts=%zu established=%d connect_ms=%.0f connect_retries=%ld connect_errors=%ld resets=%ld"
           " short=%ld mismatches=%ld stalled=%d loadgen_cpu_s=%.2f\n",
           nconns, size, window, nlat / window, pct_us(50), pct_us(99), nlat ? lat[nlat - 1] / 1000.0 : 0,
           errors, nlat, established, (connected_ns - t0) / 1e6, retries, err_connect, err_reset,
           err_short, err_mismatch, stalled,
           ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    fflush(stdout);
    if (getenv("LOADGEN_HOLD") && strcmp(getenv("LOADGEN_HOLD"), "1") == 0) {
        char buf[256];
        while (read(0, buf, sizeof buf) > 0) {}
    }
    return errors ? 1 : 0;
}
