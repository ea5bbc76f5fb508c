/*
 * bare_fanout: the floor of a live fan-out on one core (single thread, epoll, libc only): what
 * writing the same media to N HTTP-FLV players costs with no protocol work, no per-player queue
 * and no copy, so the servers' figures in bench/run.sh can be read as a multiple of it.
 *
 * It reads the FLV clip into memory and paces its tags in real time, looped, as
 * `ffmpeg -re -stream_loop -1 -c copy` does (timestamps rebased so they keep increasing; the
 * script tag and the sequence headers are sent once, at the start of each response). Players
 * connect with `GET /any.flv`; each gets `HTTP/1.1 200` with an identity body (it ends when the
 * connection closes), the FLV header, the metadata and sequence headers, then the current GOP and
 * the live tags. Every tag is kept once, in a shared ring: a 15-byte record (11-byte tag header
 * with the rebased timestamp + the 4-byte PreviousTagSize) next to a pointer to the body in the
 * clip. A player is only a cursor into that ring, written with `writev` of 3 iovecs per tag
 * (header, body, previous tag size) every -m ms (350: the servers' default mw_latency) or, with
 * -m 0, as soon as each tag is due. A player that falls a whole ring behind is closed.
 *
 * With -U the writes of a batch go through io_uring instead (IORING_OP_WRITEV of the same iovecs,
 * all of a batch in one io_uring_enter): the measure of what batching the system calls would save.
 * -N sets TCP_NODELAY on the players' sockets, as the servers' low-latency mode does (without it
 * the kernel coalesces the per-tag writes of -m 0 and sends fewer, larger segments).
 *
 * With -P FILE it appends `total_size=BYTES` lines (bytes of media paced out so far, like
 * `ffmpeg -progress`), so rtmp_load -P can check every player keeps up with the stream.
 *
 * Build: gcc -O2 -Wall -o bare_fanout bare_fanout.c
 * Usage: bare_fanout -f clip.flv -l port [-m batch_ms] [-U] [-N] [-P progress_file]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define RING 8192          /* tags kept (about 100 s of the 720p clip); a player further behind is closed */
#define MAX_TAGS_PER_WRITE 340 /* 3 iovecs per tag, under IOV_MAX (1024) */
#define URING_MAX_TAGS 8  /* -U: a player further behind (or not past its init block) is written with writev */
#define INIT_MAX 65536     /* response head + FLV header + metadata + sequence headers */

typedef struct { uint32_t off, size, ts; uint8_t type, key, config; } tag_t;   /* a tag of the clip */
typedef struct { uint8_t hdr[11], prev[4]; uint8_t key; const uint8_t *body; uint32_t size; } rec_t; /* a paced tag */
typedef struct {
    int fd, replied, want_out;
    int slot;             /* index in g_clients */
    uint32_t init_done;   /* bytes of the init block written */
    uint64_t next;        /* sequence number of the next record to write */
    uint32_t part;        /* bytes of record `next` already written (header, body, prev) */
    size_t utotal;        /* -U: bytes of the submitted write */
    struct iovec uiov[3 * URING_MAX_TAGS]; /* -U: the iovecs of the submitted write (alive until it completes) */
} client_t;

static uint8_t *g_clip;
static tag_t *g_tags;
static int g_ntags;
static rec_t g_ring[RING];
static uint64_t g_seq;              /* records emitted so far */
static uint64_t g_gop = UINT64_MAX; /* sequence number of the last keyframe */
static uint8_t g_init[INIT_MAX];
static uint32_t g_init_len;
static long long g_media_bytes;     /* bytes of tags paced out (what one player receives) */
static int g_ep;

static void die(const char *m) { perror(m); exit(1); }
static double now_s(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static uint32_t be24(const uint8_t *p) { return (uint32_t)p[0] << 16 | p[1] << 8 | p[2]; }
static void put24(uint8_t *p, uint32_t v) { p[0] = v >> 16; p[1] = v >> 8; p[2] = v; }
static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

static void put_tag(uint8_t *hdr, uint8_t *prev, uint8_t type, uint32_t size, uint32_t ts) {
    hdr[0] = type; put24(hdr + 1, size); put24(hdr + 4, ts & 0xffffff); hdr[7] = ts >> 24;
    hdr[8] = hdr[9] = hdr[10] = 0;
    put32(prev, size + 11);
}

/* FLV spec E.2-E.4: 9-byte header, PreviousTagSize0, then tags. */
static void load_clip(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die(path);
    struct stat st;
    if (fstat(fd, &st) < 0) die("fstat");
    g_clip = malloc(st.st_size);
    if (!g_clip || read(fd, g_clip, st.st_size) != st.st_size) die("read clip");
    close(fd);
    if (st.st_size < 13 || memcmp(g_clip, "FLV", 3)) { fprintf(stderr, "bare_fanout: %s is not FLV\n", path); exit(1); }
    uint32_t off = (uint32_t)g_clip[5] << 24 | be24(g_clip + 6);
    off += 4;
    g_tags = calloc(st.st_size / 15 + 1, sizeof *g_tags);
    while (off + 11 <= (uint32_t)st.st_size) {
        const uint8_t *h = g_clip + off;
        uint32_t size = be24(h + 1), ts = be24(h + 4) | (uint32_t)h[7] << 24;
        if (off + 11 + size + 4 > (uint32_t)st.st_size) break;
        const uint8_t *b = h + 11;
        tag_t *t = &g_tags[g_ntags++];
        t->off = off + 11; t->size = size; t->ts = ts; t->type = h[0];
        t->key = h[0] == 9 && size > 0 && (b[0] >> 4) == 1;
        t->config = h[0] == 18 || (h[0] == 9 && size > 1 && (b[0] & 15) == 7 && b[1] == 0)
                    || (h[0] == 8 && size > 1 && (b[0] >> 4) == 10 && b[1] == 0);
        off += 11 + size + 4;
    }
    if (g_ntags < 2) { fprintf(stderr, "bare_fanout: no tags in %s\n", path); exit(1); }
}

/* What every response starts with: head, FLV header + PreviousTagSize0, metadata, sequence headers. */
static void build_init(void) {
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nConnection: close\r\n\r\n";
    static const uint8_t flv[13] = { 'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0 };
    memcpy(g_init, head, sizeof head - 1);
    g_init_len = sizeof head - 1;
    memcpy(g_init + g_init_len, flv, sizeof flv);
    g_init_len += sizeof flv;
    for (int i = 0; i < g_ntags; i++) {
        tag_t *t = &g_tags[i];
        if (!t->config || g_init_len + 15 + t->size > INIT_MAX) continue;
        put_tag(g_init + g_init_len, g_init + g_init_len + 11 + t->size, t->type, t->size, 0);
        memcpy(g_init + g_init_len + 11, g_clip + t->off, t->size);
        g_init_len += 15 + t->size;
    }
}

static void close_client(client_t *c) {
    close(c->fd);   /* also leaves the epoll set */
    free(c);
}

static void set_out(client_t *c, int on) {
    if (c->want_out == on) return;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0), .data.ptr = c };
    epoll_ctl(g_ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = on;
}

/* Moves the player's cursor past `w` written bytes. */
static void advance(client_t *c, size_t w) {
    size_t left = w;
    if (c->init_done < g_init_len) {
        uint32_t k = g_init_len - c->init_done < left ? g_init_len - c->init_done : left;
        c->init_done += k; left -= k;
    }
    while (left > 0) {
        rec_t *r = &g_ring[c->next % RING];
        size_t rest = 15 + r->size - c->part;
        if (left >= rest) { left -= rest; c->next++; c->part = 0; } else { c->part += left; left = 0; }
    }
}

/* Writes what the player has not received yet: the init block, then ring records from its cursor. */
static int flush_client(client_t *c) {
    if (!c->replied) return 0;
    if (g_seq - c->next > RING - MAX_TAGS_PER_WRITE) return -1; /* a whole ring behind */
    for (;;) {
        struct iovec iov[1 + 3 * MAX_TAGS_PER_WRITE];
        int n = 0;
        size_t total = 0;
        if (c->init_done < g_init_len) {
            iov[n].iov_base = g_init + c->init_done; iov[n].iov_len = g_init_len - c->init_done;
            total += iov[n++].iov_len;
        }
        uint32_t skip = c->part;
        for (uint64_t s = c->next; s < g_seq && n + 3 <= (int)(sizeof iov / sizeof *iov); s++) {
            rec_t *r = &g_ring[s % RING];
            void *base[3] = { r->hdr, (void *)r->body, r->prev };
            size_t len[3] = { 11, r->size, 4 };
            for (int k = 0; k < 3; k++) {
                if (skip >= len[k]) { skip -= len[k]; continue; }
                iov[n].iov_base = (uint8_t *)base[k] + skip; iov[n].iov_len = len[k] - skip;
                total += iov[n++].iov_len;
                skip = 0;
            }
        }
        if (n == 0) { set_out(c, 0); return 0; }
        ssize_t w = writev(c->fd, iov, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) { set_out(c, 1); return 0; }
            return -1;
        }
        advance(c, (size_t)w);
        if ((size_t)w < total) { set_out(c, 1); return 0; }
    }
}

/* Clients are found through epoll only: a batch walks this list. */
static client_t **g_clients;
static int g_nclients, g_cap;

static void drop(int i) {
    close_client(g_clients[i]);
    if (i != --g_nclients) {
        g_clients[i] = g_clients[g_nclients];
        g_clients[i]->slot = i;
    }
}

/* -U: the batch's writes submitted to io_uring, all in one io_uring_enter per URING_ENTRIES players
 * (IORING_OP_WRITEV of the same iovecs as writev; the sockets are non-blocking, so a write that
 * would block completes with -EAGAIN and the player waits for EPOLLOUT as with writev). */
#define URING_ENTRIES 4096
static struct {
    int fd;
    unsigned *sq_tail, *sq_mask, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
} U = { .fd = -1 };
static long long g_enters, g_uring_writes;

static int uring_init(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    int fd = (int)syscall(__NR_io_uring_setup, URING_ENTRIES, &p);
    if (fd < 0) { memset(&p, 0, sizeof p); fd = (int)syscall(__NR_io_uring_setup, URING_ENTRIES, &p); }
    if (fd < 0) return -1;
    size_t sqlen = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cqlen = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    int single = p.features & IORING_FEAT_SINGLE_MMAP;
    if (single && cqlen > sqlen) sqlen = cqlen;
    uint8_t *sq = mmap(NULL, sqlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    uint8_t *cq = single ? sq : mmap(NULL, cqlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_CQ_RING);
    U.sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (sq == MAP_FAILED || cq == MAP_FAILED || U.sqes == MAP_FAILED) { close(fd); return -1; }
    U.sq_tail = (unsigned *)(sq + p.sq_off.tail); U.sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
    unsigned *array = (unsigned *)(sq + p.sq_off.array);
    for (unsigned i = 0; i < p.sq_entries; i++) array[i] = i;
    U.cq_head = (unsigned *)(cq + p.cq_off.head); U.cq_tail = (unsigned *)(cq + p.cq_off.tail);
    U.cq_mask = (unsigned *)(cq + p.cq_off.ring_mask); U.cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
    U.fd = fd;
    fprintf(stderr, "bare_fanout: io_uring, %u entries, flags 0x%x\n", p.sq_entries, p.flags);
    return 0;
}

/* Builds the player's write into c->uiov; 0 when it is not for io_uring (nothing to write, its
 * init block is not out yet, or it is more than URING_MAX_TAGS behind). */
static int uring_prepare(client_t *c) {
    if (!c->replied || c->init_done < g_init_len || g_seq == c->next || g_seq - c->next > URING_MAX_TAGS) return 0;
    int n = 0;
    size_t total = 0;
    uint32_t skip = c->part;
    for (uint64_t s = c->next; s < g_seq; s++) {
        rec_t *r = &g_ring[s % RING];
        void *base[3] = { r->hdr, (void *)r->body, r->prev };
        size_t len[3] = { 11, r->size, 4 };
        for (int k = 0; k < 3; k++) {
            if (skip >= len[k]) { skip -= len[k]; continue; }
            c->uiov[n].iov_base = (uint8_t *)base[k] + skip; c->uiov[n].iov_len = len[k] - skip;
            total += c->uiov[n++].iov_len;
            skip = 0;
        }
    }
    c->utotal = total;
    return n;
}

/* One batch: every player that can go through io_uring does, the others through flush_client. */
static void uring_flush_all(void) {
    int i = g_nclients - 1;
    while (i >= 0) {
        unsigned tail = *U.sq_tail, queued = 0;
        for (; i >= 0 && queued < URING_ENTRIES; i--) {
            client_t *c = g_clients[i];
            if (c->want_out) continue;
            int n = uring_prepare(c);
            if (n == 0) {
                if (flush_client(c) < 0) drop(i);
                continue;
            }
            struct io_uring_sqe *sqe = &U.sqes[(tail + queued) & *U.sq_mask];
            memset(sqe, 0, sizeof *sqe);
            sqe->opcode = IORING_OP_WRITEV;
            sqe->fd = c->fd;
            sqe->addr = (uint64_t)(uintptr_t)c->uiov;
            sqe->len = (unsigned)n;
            sqe->user_data = (uint64_t)(uintptr_t)c;
            queued++;
        }
        if (queued == 0) break;
        __atomic_store_n(U.sq_tail, tail + queued, __ATOMIC_RELEASE);
        for (unsigned done = 0; done < queued;) {
            int r = (int)syscall(__NR_io_uring_enter, U.fd, done == 0 ? queued : 0, queued - done, IORING_ENTER_GETEVENTS, NULL, 0);
            g_enters++;
            if (r < 0 && errno != EINTR) die("io_uring_enter");
            unsigned head = *U.cq_head, ctail = __atomic_load_n(U.cq_tail, __ATOMIC_ACQUIRE);
            for (; head != ctail; head++, done++) {
                struct io_uring_cqe *cqe = &U.cqes[head & *U.cq_mask];
                client_t *c = (client_t *)(uintptr_t)cqe->user_data;
                g_uring_writes++;
                if (cqe->res == -EAGAIN) { set_out(c, 1); continue; }
                if (cqe->res < 0) { c->replied = 0; shutdown(c->fd, SHUT_RDWR); continue; } /* epoll reports it, on_readable drops it */
                advance(c, (size_t)cqe->res);
                if ((size_t)cqe->res < c->utotal) set_out(c, 1);
            }
            __atomic_store_n(U.cq_head, head, __ATOMIC_RELEASE);
        }
    }
}

static void on_readable(client_t *c, int i) {
    char buf[4096];
    for (;;) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) { drop(i); return; }
        if (r < 0) { if (errno == EINTR) continue; break; }
        /* The load tool sends its whole request in one write: answer the first bytes with the
         * stream, starting at the last keyframe (the GOP). Anything after is ignored. */
        if (!c->replied && r >= 4 && !memcmp(buf, "GET ", 4)) {
            c->replied = 1;
            c->next = g_gop == UINT64_MAX ? g_seq : g_gop;
            if (flush_client(c) < 0) { drop(i); return; }
        } else if (!c->replied) { drop(i); return; }
    }
}

/* Emits the tag `idx` of loop `loop` into the ring (config tags were sent with the head). */
static void emit(int idx, uint32_t ts) {
    tag_t *t = &g_tags[idx];
    if (t->config) return;
    rec_t *r = &g_ring[g_seq % RING];
    put_tag(r->hdr, r->prev, t->type, t->size, ts);
    r->body = g_clip + t->off; r->size = t->size; r->key = t->key;
    if (t->key) g_gop = g_seq;
    g_seq++;
    g_media_bytes += 15 + t->size;
}

int main(int argc, char **argv) {
    const char *clip = NULL, *progress = NULL;
    int port = 0, opt, uring = 0, nodelay = 0;
    double batch_ms = 350;
    while ((opt = getopt(argc, argv, "f:l:m:P:UN")) != -1) {
        switch (opt) {
        case 'f': clip = optarg; break;
        case 'l': port = atoi(optarg); break;
        case 'm': batch_ms = atof(optarg); break;
        case 'P': progress = optarg; break;
        case 'U': uring = 1; break;
        case 'N': nodelay = 1; break;
        default: fprintf(stderr, "usage: bare_fanout -f clip.flv -l port [-m batch_ms (0: per tag)] [-P progress_file] [-U (io_uring)] [-N (TCP_NODELAY)]\n"); return 2;
        }
    }
    if (!clip || port <= 0) { fprintf(stderr, "bare_fanout: -f and -l are needed\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    load_clip(clip);
    build_init();
    if (uring && uring_init() < 0) die("io_uring_setup");
    uint32_t t0 = g_tags[0].ts, span = g_tags[g_ntags - 1].ts - t0 + 33; /* a loop: last frame + one frame time */

    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 4096) < 0) die("listen");
    g_ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(g_ep, EPOLL_CTL_ADD, ls, &ev);
    FILE *pf = progress ? fopen(progress, "a") : NULL;
    if (progress && !pf) die(progress);
    fprintf(stderr, "bare_fanout: %d tags, %.1f s loop, init %u bytes, port %d, %s\n", g_ntags, span / 1000.0, g_init_len, port,
            batch_ms > 0 ? "batched" : "per tag");

    double start = now_s(), next_batch = start + batch_ms / 1000, next_progress = start;
    int idx = 0;
    uint64_t loop = 0, batched_seq = 0;
    for (;;) {
        /* pace: tags due by now go into the ring */
        double now = now_s();
        for (;;) {
            double due = start + (loop * span + g_tags[idx].ts - t0) / 1000.0;
            if (due > now) break;
            emit(idx, (uint32_t)(loop * span + g_tags[idx].ts - t0));
            if (++idx == g_ntags) { idx = 0; loop++; }
        }
        if ((batch_ms <= 0 && g_seq != batched_seq) || (batch_ms > 0 && now >= next_batch)) {
            if (U.fd >= 0) uring_flush_all();
            else for (int i = g_nclients - 1; i >= 0; i--)
                if (!g_clients[i]->want_out && flush_client(g_clients[i]) < 0) drop(i);
            batched_seq = g_seq;
            while (batch_ms > 0 && next_batch <= now) next_batch += batch_ms / 1000;
        }
        if (pf && now >= next_progress) {
            fprintf(pf, "total_size=%lld\n", g_media_bytes);
            fflush(pf);
            next_progress += 0.5;
        }
        double due = start + (loop * span + g_tags[idx].ts - t0) / 1000.0, wake = due;
        if (batch_ms > 0 && next_batch < wake) wake = next_batch;
        if (pf && next_progress < wake) wake = next_progress;
        int timeout = (int)((wake - now_s()) * 1000 + 0.999);
        struct epoll_event evs[256];
        int n = epoll_wait(g_ep, evs, 256, timeout < 0 ? 0 : timeout);
        for (int k = 0; k < n; k++) {
            client_t *c = evs[k].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    if (nodelay) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    if (g_nclients == g_cap) {
                        g_cap = g_cap ? 2 * g_cap : 1024;
                        g_clients = realloc(g_clients, g_cap * sizeof *g_clients);
                    }
                    c->slot = g_nclients;
                    g_clients[g_nclients++] = c;
                    struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = c };
                    epoll_ctl(g_ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            int i = c->slot;
            if (evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                on_readable(c, i);
                if (i >= g_nclients || g_clients[i] != c) continue; /* dropped */
            }
            if ((evs[k].events & EPOLLOUT) && flush_client(c) < 0) drop(i);
        }
    }
}
