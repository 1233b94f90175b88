/*
 * chatload: a neutral load generator for line-based chat servers (ncat --chat, jnc --chat); not jnc.
 *
 *   chatload flood HOST PORT CLIENTS SECONDS [LINE_SIZE (default 64)]
 *   chatload join  HOST PORT CLIENTS [TIMEOUT_SECONDS (default 120)]
 *
 * flood: connects CLIENTS clients, at most 8 at a time on their way in: a client is in the room once
 * it has received its own join announcement ("members" counts them); then lets the announcements
 * settle, and every client sends LINE_SIZE-byte lines (LINE_SIZE-1 letters and a newline) as fast
 * as its socket takes them while every client reads everything. Lines received by all clients in
 * the SECONDS-long window, divided by SECONDS, is the delivered rate (a line sent by one client is
 * delivered CLIENTS-1 times). Each line carries its sender and a number ("s=00042 n=0000001234"),
 * so every receiver checks, per sender, that the numbers follow one another: "lost" counts the
 * lines missing in between (a server that drops lines for slow readers shows it here),
 * "disorder" lines that came back in the wrong order, "dropped_clients" the clients the server
 * closed. Lines still in buffers when the run ends are neither delivered nor lost.
 *
 * join: opens all CLIENTS connections at once (non-blocking connects fired back to back; a refused
 * or failed one is retried up to 20 times). Each client must receive its own join announcement
 * (its first line, "... is connected as <userN>."). Once every client has, client 0 sends a probe
 * line and every other client must receive it. Reports how many connected, got their
 * announcement, got the probe, and the times; exit status 0 only if none was lost.
 *
 * Output: one key=value line on stdout. One epoll thread. Loopback is the intended use.
 * Build: cc -O2 -o bench/chatload/chatload bench/chatload/chatload.c
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

#define CONNECT_BATCH 256
#define JOIN_BATCH 8             /* flood: clients connected but not yet announced, at most */
#define MAX_ATTEMPTS 20
#define LINE_CAP 256            /* bytes of a line kept for inspection (join mode) */
#define PROBE "probe-3f9c2a-from-chatload"

enum state { IDLE, CONNECTING, OPEN, CLOSED, FAILED };

struct conn {
    int fd;
    enum state state;
    int attempts;
    uint64_t retry_ns;
    size_t off;                  /* flood: offset in the send block */
    uint64_t sent_bytes;         /* flood: bytes of lines written */
    uint64_t next_seq;           /* flood: number of the next line this client writes into its block */
    char *out;                   /* flood: this client's block of numbered lines */
    uint32_t *expect;            /* flood: per sender, the number of the next line expected from it */
    uint64_t lines_in;           /* newlines received */
    int joined, probed;          /* join: own announcement seen; probe seen */
    char line[LINE_CAP];         /* join: the current line's first bytes */
    int linelen;
};

static struct conn *conns;
static int nconns, epfd, line_size = 64, flooding;
static struct sockaddr_storage addr;
static socklen_t addrlen;
static size_t block_size;       /* 64 lines */
static unsigned char rbuf[1 << 16];
static int closed_eof, closed_error, last_errno;
static uint64_t lost_lines, disorder, foreign, chat_lines;
static int connected, joined_count, probed_count, closed_count, connect_failures;
static long retries;
static int pending_connects;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static void set_events(int i, uint32_t ev) {
    struct epoll_event e = { .events = ev, .data.u32 = (uint32_t)i };
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, conns[i].fd, &e) < 0) die("epoll_ctl");
}

static void start_connect(int i) {
    struct conn *c = &conns[i];
    c->attempts++;
    c->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) die("socket (is the descriptor limit high enough?)");
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->state = CONNECTING;
    pending_connects++;
    struct epoll_event e = { .events = EPOLLOUT, .data.u32 = (uint32_t)i };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &e) < 0) die("epoll_ctl");
    if (connect(c->fd, (struct sockaddr *)&addr, addrlen) < 0 && errno != EINPROGRESS) {
        c->state = FAILED;  /* handled by the caller's retry sweep */
    }
}

static void connect_failed(int i) {
    struct conn *c = &conns[i];
    if (c->state == CONNECTING) pending_connects--;
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    if (c->attempts < MAX_ATTEMPTS) {
        retries++;
        c->state = IDLE;
        c->retry_ns = now_ns() + 20000000ull * c->attempts;
    } else {
        c->state = FAILED;
        connect_failures++;
    }
}

static void closed(int i) {
    struct conn *c = &conns[i];
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->state = CLOSED;
    closed_count++;
}

/* Fills client i's block with its next 64 lines: "s=SENDER n=NUMBER aaaa...\n", LINE_SIZE bytes each. */
static void refill(int i) {
    struct conn *c = &conns[i];
    for (size_t k = 0; k < block_size; k += line_size) {
        char *l = c->out + k;
        int h = snprintf(l, line_size, "s=%05d n=%010lu ", i, (unsigned long)c->next_seq++);
        if (h >= line_size - 1) h = line_size - 1;
        for (int j = h; j < line_size - 1; j++) l[j] = 'a' + j % 26;
        l[line_size - 1] = '\n';
    }
}

static void send_some(int i) {
    struct conn *c = &conns[i];
    for (;;) {
        ssize_t n = send(c->fd, c->out + c->off, block_size - c->off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) { if (errno != EAGAIN) { closed_error++; last_errno = errno; closed(i); } return; }
        c->off = (c->off + n) % block_size;
        c->sent_bytes += n;
        if (c->off != 0) return;
        refill(i);   /* the whole block went out: the next 64 lines */
    }
}

/* flood: checks a chat line "<userK> s=SENDER n=NUMBER ..." that client i received: per sender, the
 * numbers must follow one another; a gap is lines lost, a step back is disorder. */
static void check_flood_line(int i, const unsigned char *l, size_t len) {
    /* Ncat prefixes "<userK> " once per chunk it read, not per line: lines without it are checked too */
    const unsigned char *p = l;
    if (len > 6 && l[0] == '<') {
        const unsigned char *gt = memchr(l, '>', len < 24 ? len : 24);
        p = gt && gt[1] == ' ' ? gt + 2 : l;
    }
    if ((size_t)(p - l) + 20 > len || p[0] != 's' || p[1] != '=' || p[7] != ' ' || p[8] != 'n' || p[9] != '=') {
        if (foreign++ == 0 && getenv("CHATLOAD_DEBUG")) fprintf(stderr, "first foreign line: %.*s\n", (int)len, l);
        return;
    }
    p += 2;
    for (int k = 0; k < 18; k++) {   /* "NNNNN n=NNNNNNNNNN": a line mangled in transit is not counted */
        if (k == 5 || k == 6 || k == 7) continue;
        if (p[k] < '0' || p[k] > '9') { foreign++; return; }
    }
    int sender = 0;
    for (int k = 0; k < 5; k++) sender = sender * 10 + (p[k] - '0');
    p += 8; /* "NNNNN n=" */
    uint64_t seq = 0;
    for (int k = 0; k < 10; k++) seq = seq * 10 + (p[k] - '0');
    if (sender < 0 || sender >= nconns) { foreign++; return; }
    uint32_t *e = &conns[i].expect[sender];
    chat_lines++;
    if (seq > *e) lost_lines += seq - *e;
    else if (seq < *e) { disorder++; return; }
    *e = (uint32_t)seq + 1;
}

/* join mode: looks at one complete line of client i */
static void on_line(int i, const char *l, int len) {
    struct conn *c = &conns[i];
    if (!c->joined) {
        /* the first line a client gets must be its own announcement */
        if (len > 20 && memmem(l, len, "is connected as <user", 21)) { c->joined = 1; joined_count++; }
        return;
    }
    if (!c->probed && len >= (int)strlen(PROBE) && memcmp(l + len - strlen(PROBE), PROBE, strlen(PROBE)) == 0) {
        c->probed = 1;
        probed_count++;
    }
}

static void receive(int i, int inspect) {
    if (conns[i].expect) inspect = 2;
    struct conn *c = &conns[i];
    for (;;) {
        ssize_t n = recv(c->fd, rbuf, sizeof rbuf, MSG_DONTWAIT);
        if (n < 0) { if (errno != EAGAIN) { closed_error++; last_errno = errno; closed(i); } return; }
        if (n == 0) { closed_eof++; closed(i); return; }
        unsigned char *p = rbuf, *end = rbuf + n;
        while (p < end) {
            unsigned char *nl = memchr(p, '\n', end - p);
            size_t take = (nl ? nl : end) - p;
            if (inspect) {
                size_t room = LINE_CAP - c->linelen;
                size_t k = take < room ? take : room;
                memcpy(c->line + c->linelen, p, k);
                c->linelen += k;
            }
            if (!nl) break;
            c->lines_in++;
            if (inspect == 1) on_line(i, c->line, c->linelen);
            if (inspect == 2) check_flood_line(i, (unsigned char *)c->line, c->linelen);
            c->linelen = 0;
            p = nl + 1;
        }
        if ((size_t)n < sizeof rbuf) return;
    }
}

static void on_event(int i, uint32_t ev, int inspect) {
    struct conn *c = &conns[i];
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err || (ev & (EPOLLERR | EPOLLHUP))) { connect_failed(i); return; }
        c->state = OPEN;
        pending_connects--;
        connected++;
        set_events(i, flooding ? EPOLLIN | EPOLLOUT : EPOLLIN);
        return;
    }
    if (c->state != OPEN) return;
    if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) receive(i, inspect);
    if (c->state == OPEN && (ev & EPOLLOUT) && flooding) send_some(i);
}

static void poll_once(int timeout_ms, int inspect) {
    static struct epoll_event evs[1024];
    int n = epoll_wait(epfd, evs, 1024, timeout_ms);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int k = 0; k < n; k++) on_event((int)evs[k].data.u32, evs[k].events, inspect);
}

/* starts due connects; batch limits how many may be in flight (0: no limit) */
static void connect_sweep(int batch) {
    uint64_t now = now_ns();
    for (int i = 0; i < nconns; i++) {
        if (batch && pending_connects >= batch) return;
        if (conns[i].state == IDLE && conns[i].retry_ns <= now) {
            start_connect(i);
            if (conns[i].state == FAILED) connect_failed(i);
        }
    }
}

static uint64_t total_lines_in(void) {
    uint64_t t = 0;
    for (int i = 0; i < nconns; i++) t += conns[i].lines_in;
    return t;
}

static int flood(double secs) {
    uint64_t t0 = now_ns();
    /* A client is in the room once it has its own join announcement, not when its TCP connect
     * completes: a server whose listen backlog is short (ncat's is 10) would otherwise leave most
     * clients in a kernel queue it never drains in time (with SYN cookies the client believes it is
     * connected), and they are reset when they start to send. So at most JOIN_BATCH clients are on
     * their way in at a time, and the flood starts only with every client a member of the room:
     * both servers then serve the same room. */
    while (joined_count + connect_failures + closed_count < nconns) {
        int on_the_way = pending_connects + (connected - joined_count - closed_count);
        if (on_the_way < JOIN_BATCH) connect_sweep(pending_connects + JOIN_BATCH - on_the_way);
        poll_once(5, 1);
        if (now_ns() - t0 > 60000000000ull) break;
    }
    int members = joined_count;
    /* let the announcements settle: until nothing arrived for half a second */
    uint64_t last = total_lines_in(), quiet_since = now_ns();
    while (now_ns() - quiet_since < 500000000ull) {
        poll_once(50, 0);
        uint64_t t = total_lines_in();
        if (t != last) { last = t; quiet_since = now_ns(); }
    }
    for (int i = 0; i < nconns; i++) {
        conns[i].out = malloc(block_size);
        conns[i].expect = calloc(nconns, sizeof(uint32_t));
        if (!conns[i].out || !conns[i].expect) die("malloc");
        refill(i);
    }
    uint64_t base_in = chat_lines;
    flooding = 1;
    for (int i = 0; i < nconns; i++) if (conns[i].state == OPEN) { set_events(i, EPOLLIN | EPOLLOUT); send_some(i); }
    uint64_t start = now_ns(), end = start + (uint64_t)(secs * 1e9);
    while (now_ns() < end) poll_once(5, 0);
    uint64_t window_in = chat_lines - base_in;   /* numbered chat lines only, not announcements */
    double window = (now_ns() - start) / 1e9;
    /* Stop sending. A client's last line may stay unfinished: it is not counted as sent. (Finishing
     * it would mean waiting until the server has relayed everything still in the socket buffers
     * before it, which can be gigabytes of output when the server reads every client fairly.) */
    flooding = 0;
    for (int i = 0; i < nconns; i++) if (conns[i].state == OPEN) set_events(i, EPOLLIN);
    uint64_t sent_lines = 0;
    for (int i = 0; i < nconns; i++) sent_lines += conns[i].sent_bytes / line_size;
    /* a second more of reading: lines still on their way are checked too (a gap shows as lost) */
    uint64_t settle = now_ns();
    while (now_ns() - settle < 1000000000ull) poll_once(20, 0);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mode=flood clients=%d members=%d line_size=%d secs=%.2f delivered_per_s=%.0f window_lines=%lu sent_lines=%lu"
           " lost=%lu disorder=%lu foreign=%lu dropped_clients=%d (eof %d, error %d: %s) connect_failures=%d"
           " loadgen_cpu_s=%.2f\n",
           nconns, members, line_size, window, window_in / window, (unsigned long)window_in, (unsigned long)sent_lines,
           (unsigned long)lost_lines, (unsigned long)disorder, (unsigned long)foreign, closed_count,
           closed_eof, closed_error, closed_error ? strerror(last_errno) : "-", connect_failures,
           ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    return (lost_lines || disorder || closed_count || connect_failures || members < nconns) ? 1 : 0;
}

static int join(double timeout) {
    uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(timeout * 1e9);
    uint64_t all_connected = 0, all_joined = 0, all_probed = 0;
    int probe_sent = 0;
    while (now_ns() < deadline) {
        connect_sweep(0);   /* all at once: every connect is fired as soon as it may be */
        poll_once(5, 1);
        if (!all_connected && connected == nconns) all_connected = now_ns();
        if (!all_joined && joined_count == nconns) all_joined = now_ns();
        if (all_joined && !probe_sent) {
            if (conns[0].state != OPEN) break;
            const char *l = PROBE "\n";
            if (send(conns[0].fd, l, strlen(l), MSG_NOSIGNAL) != (ssize_t)strlen(l)) break;
            probe_sent = 1;
        }
        if (probe_sent && probed_count == nconns - 1) { all_probed = now_ns(); break; }
        if (closed_count + connect_failures > 0 && connected + connect_failures == nconns &&
            closed_count + connect_failures == nconns) break;
    }
    int open = 0;
    for (int i = 0; i < nconns; i++) open += conns[i].state == OPEN;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("mode=join clients=%d connected=%d open=%d got_own_join=%d got_probe=%d/%d closed_by_server=%d"
           " connect_failures=%d connect_retries=%ld all_connected_s=%.2f all_joined_s=%.2f probe_all_s=%.2f"
           " lines_received=%lu loadgen_cpu_s=%.2f\n",
           nconns, connected, open, joined_count, probed_count, nconns - 1, closed_count, connect_failures,
           retries, all_connected ? (all_connected - t0) / 1e9 : -1, all_joined ? (all_joined - t0) / 1e9 : -1,
           all_probed ? (all_probed - t0) / 1e9 : -1, (unsigned long)total_lines_in(),
           ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    return all_probed ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s flood HOST PORT CLIENTS SECONDS [LINE_SIZE]\n"
                        "       %s join HOST PORT CLIENTS [TIMEOUT_SECONDS]\n", argv[0], argv[0]);
        return 2;
    }
    int is_flood = strcmp(argv[1], "flood") == 0;
    if (!is_flood && strcmp(argv[1], "join") != 0) { fprintf(stderr, "mode: flood or join\n"); return 2; }
    nconns = atoi(argv[4]);
    if (nconns < 2) { fprintf(stderr, "at least 2 clients\n"); return 2; }
    double secs = is_flood ? (argc > 5 ? atof(argv[5]) : 10) : (argc > 5 ? atof(argv[5]) : 120);
    if (is_flood && argc > 6) line_size = atoi(argv[6]);
    if (line_size < 24 || line_size > 200) { fprintf(stderr, "bad line size\n"); return 2; }

    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV }, *ai;
    int rc = getaddrinfo(argv[2], argv[3], &hints, &ai);
    if (rc) { fprintf(stderr, "%s: %s\n", argv[2], gai_strerror(rc)); return 2; }
    memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    addrlen = ai->ai_addrlen;
    freeaddrinfo(ai);

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)nconns + 16)
        fprintf(stderr, "chatload: warning: descriptor limit %lu < %d clients\n", (unsigned long)rl.rlim_cur, nconns);
    signal(SIGPIPE, SIG_IGN);

    block_size = (size_t)line_size * 64;
    conns = calloc(nconns, sizeof *conns);
    if (!conns) die("malloc");
    for (int i = 0; i < nconns; i++) conns[i].fd = -1;
    if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    return is_flood ? flood(secs) : join(secs);
}
