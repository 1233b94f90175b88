/*
 * udpblast: a neutral UDP sender for bench/udp.sh's datagrams/s test. Sends COUNT datagrams of
 * SIZE bytes to 127.0.0.1:PORT (loopback only) as fast as it can, 64 per sendmmsg call, then
 * prints the seconds it took. Every receiver under test gets the same sender, so what differs is
 * only how fast each takes datagrams off its socket (the kernel drops what finds the buffer full).
 * Usage: udpblast PORT COUNT SIZE
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: udpblast PORT COUNT SIZE\n"); return 2; }
    int port = atoi(argv[1]);
    long count = atol(argv[2]);
    int size = atoi(argv[3]);
    if (port <= 0 || port > 65535 || count <= 0 || size <= 0 || size > 65507) { fprintf(stderr, "udpblast: bad arguments\n"); return 2; }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) { perror("socket"); return 1; }
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (connect(fd, (struct sockaddr *) &to, sizeof to) < 0) { perror("connect"); return 1; }
    char *payload = malloc(size);
    memset(payload, 'x', size);
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = payload;
        iov[i].iov_len = size;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long sent = 0;
    while (sent < count) {
        int n = count - sent < BATCH ? (int) (count - sent) : BATCH;
        int r = sendmmsg(fd, msgs, n, 0);
        if (r < 0) { perror("sendmmsg"); return 1; }  /* ECONNREFUSED: nobody listens */
        sent += r;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.6f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
