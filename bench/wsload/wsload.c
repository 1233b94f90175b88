/*
 * wsload: a closed-loop load generator for WebSocket echo servers (not jnc itself).
 *
 *   wsload HOST PORT CONNECTIONS MESSAGE_SIZE SECONDS [WARMUP_SECONDS (default 2)]
 *
 * Opens CONNECTIONS connections, each with the RFC 6455 opening handshake (the server's 101 and
 * its Sec-WebSocket-Accept are checked), one after another. Then each connection sends a masked
 * text message of MESSAGE_SIZE printable bytes, waits for the whole echo (one unmasked text
 * frame), checks it byte for byte and repeats. After WARMUP_SECONDS, the round trips completed
 * in the SECONDS-long window are counted, with p50/p99/max latency. A connection that fails or
 * gets wrong bytes counts as an error and is not reconnected. One epoll thread.
 *
 * Output, on stdout: one key=value line.
 * Build: cc -O2 -o bench/wsload/wsload bench/wsload/wsload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

struct conn {
    int fd;
    int dead;
    uint32_t round;
    size_t sent, recvd;
    uint64_t started_ns;
    unsigned char *out;   /* the frame being sent */
    size_t outlen;
};

static struct conn *conns;
static int nconns, size, epfd;
static unsigned char *scratch;
static uint64_t *lat;
static size_t nlat, caplat;
static long errors;
static int measuring, loading;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

/* --- SHA-1 and base64, for Sec-WebSocket-Accept ------------------------------------------- */
static uint32_t rol(uint32_t x, int n) { return x << n | x >> (32 - n); }
static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    unsigned char *m = calloc(total, 1);
    memcpy(m, msg, len);
    m[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) m[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)m[off + 4 * i] << 24 | m[off + 4 * i + 1] << 16 | m[off + 4 * i + 2] << 8 | m[off + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d; d = c; c = rol(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    }
    free(m);
    for (int i = 0; i < 5; i++) for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}
static void base64(const unsigned char *in, size_t len, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = in[i] << 16 | (i + 1 < len ? in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < len ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? t[v & 63] : '=';
    }
    out[o] = 0;
}

/* --- one connection ------------------------------------------------------------------------ */
static int open_conn(const struct sockaddr *addr, socklen_t addrlen, const char *host) {
    int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket (is the descriptor limit high enough?)");
    if (connect(fd, addr, addrlen) < 0) { close(fd); return -1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    unsigned char nonce[16];
    for (int i = 0; i < 16; i++) nonce[i] = (unsigned char)random();
    char key[32], req[512], accept_[64];
    base64(nonce, 16, key);
    int n = snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", host, key);
    if (write(fd, req, n) != n) { close(fd); return -1; }
    char resp[2048];
    size_t got = 0;
    while (got < sizeof resp - 1) {   /* byte by byte: nothing after the head may be taken */
        ssize_t r = read(fd, resp + got, 1);
        if (r <= 0) { close(fd); return -1; }
        got++;
        if (got >= 4 && memcmp(resp + got - 4, "\r\n\r\n", 4) == 0) break;
    }
    resp[got] = 0;
    char cat[128];
    snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    unsigned char digest[20];
    sha1((unsigned char *)cat, strlen(cat), digest);
    base64(digest, 20, accept_);
    if (strncmp(resp, "HTTP/1.1 101", 12) != 0 || !strcasestr(resp, accept_)) {
        fprintf(stderr, "wsload: handshake refused: %.80s\n", resp);
        close(fd);
        return -1;
    }
    return fd;
}

static size_t header_len(void) { return 2 + (size >= 126 ? 2 : 0) + 4; }

/* The masked frame of connection i's current message: printable bytes that vary by round. */
static void build_frame(int i) {
    struct conn *c = &conns[i];
    unsigned char *f = c->out;
    size_t h = 0;
    f[h++] = 0x81;
    if (size < 126) f[h++] = 0x80 | size;
    else { f[h++] = 0x80 | 126; f[h++] = size >> 8; f[h++] = size & 0xFF; }
    uint32_t key = (uint32_t)random();
    unsigned char k[4] = {key >> 24, key >> 16, key >> 8, key};
    memcpy(f + h, k, 4);
    h += 4;
    for (int j = 0; j < size; j++) f[h + j] = (unsigned char)('a' + (i * 7 + c->round * 3 + j) % 26) ^ k[j & 3];
    c->outlen = h + size;
}

static void fail(int i) {
    errors++;
    conns[i].dead = 1;
    epoll_ctl(epfd, EPOLL_CTL_DEL, conns[i].fd, NULL);
    close(conns[i].fd);
}

static void send_some(int i) {
    struct conn *c = &conns[i];
    ssize_t n = send(c->fd, c->out + c->sent, c->outlen - c->sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) { fail(i); return; }
    if (n > 0) c->sent += n;
    struct epoll_event e = { .events = EPOLLIN | (c->sent < c->outlen ? EPOLLOUT : 0), .data.u32 = (uint32_t)i };
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &e);
}

static void start_round(int i) {
    struct conn *c = &conns[i];
    build_frame(i);
    c->sent = c->recvd = 0;
    c->started_ns = now_ns();
    send_some(i);
}

static void on_event(int i, uint32_t ev) {
    struct conn *c = &conns[i];
    if (c->dead) return;
    if ((ev & EPOLLOUT) && c->sent < c->outlen) { send_some(i); if (c->dead) return; }
    if (!(ev & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
    size_t want = 2 + (size >= 126 ? 2 : 0) + size;   /* the echo: one unmasked text frame */
    ssize_t n = recv(c->fd, scratch + c->recvd, want - c->recvd, 0);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) { fail(i); return; }
    c->recvd += n;
    if (c->recvd < want) return;
    size_t h = want - size;
    if (scratch[0] != 0x81 || (scratch[1] & 0x80)) { fail(i); return; }
    for (int j = 0; j < size; j++)
        if (scratch[h + j] != (unsigned char)('a' + (i * 7 + c->round * 3 + j) % 26)) { fail(i); return; }
    if (measuring) {
        if (nlat == caplat) {
            caplat = caplat ? 2 * caplat : 1 << 16;
            if (!(lat = realloc(lat, caplat * sizeof *lat))) die("realloc");
        }
        lat[nlat++] = now_ns() - c->started_ns;
    }
    c->round++;
    if (loading) start_round(i);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_us(double p) {
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
    if (nconns < 1 || size < 1 || size > 65535 || secs <= 0 || warmup < 0) { fprintf(stderr, "bad arguments\n"); return 2; }
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV }, *ai;
    int rc = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (rc) { fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(rc)); return 2; }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_NOFILE, &rl); }
    signal(SIGPIPE, SIG_IGN);
    srandom(getpid());
    conns = calloc(nconns, sizeof *conns);
    scratch = malloc(size + 16);
    if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    char host[300];
    snprintf(host, sizeof host, "%s:%s", argv[1], argv[2]);
    uint64_t t0 = now_ns();
    for (int i = 0; i < nconns; i++) {
        conns[i].out = malloc(header_len() + size);
        int fd = -1;
        for (int attempt = 0; attempt < 20 && fd < 0; attempt++) {
            fd = open_conn(ai->ai_addr, ai->ai_addrlen, host);
            if (fd < 0) usleep(20000 * (attempt + 1));
        }
        if (fd < 0) { errors++; conns[i].dead = 1; continue; }
        if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) die("fcntl");
        conns[i].fd = fd;
        struct epoll_event e = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl");
    }
    freeaddrinfo(ai);
    uint64_t connected = now_ns();
    loading = 1;
    for (int i = 0; i < nconns; i++) if (!conns[i].dead) start_round(i);
    uint64_t window_start = now_ns() + (uint64_t)(warmup * 1e9), window_end = window_start + (uint64_t)(secs * 1e9);
    struct epoll_event evs[512];
    for (;;) {
        uint64_t now = now_ns();
        if (!measuring && now >= window_start) measuring = 1;
        if (measuring && now >= window_end) break;
        int n = epoll_wait(epfd, evs, 512, 5);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; k++) on_event((int)evs[k].data.u32, evs[k].events);
    }
    uint64_t end = now_ns();
    qsort(lat, nlat, sizeof *lat, cmp_u64);
    double window = (end - window_start) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("conns=%d size=%d secs=%.1f rtt_per_s=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f errors=%ld rtts=%zu connect_ms=%.0f loadgen_cpu_s=%.2f\n",
           nconns, size, window, nlat / window, pct_us(50), pct_us(99), nlat ? lat[nlat - 1] / 1000.0 : 0, errors, nlat,
           (connected - t0) / 1e6, ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    return errors ? 1 : 0;
}
