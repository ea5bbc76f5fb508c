/*
 * rtmp_publish: a lightweight RTMP publisher load generator (single thread, epoll, libc only): N
 * publishers of one FLV clip, each paced in real time like `ffmpeg -re -stream_loop -1 -c copy -f flv`,
 * at the cost of a few syscalls per frame instead of an ffmpeg process per stream.
 *
 * The clip is read once into memory: the FLV header, then each tag's type, timestamp (24 bits plus
 * the extended byte) and data size; the tag bodies stay in that one buffer and are written from it
 * with writev (no copy). Publisher i publishes app/<stream><i> (i = 0..N-1; with -n 1 the plain
 * stream name; rtmp_load -m M plays the same names). Each one: non-blocking connect, simple
 * handshake (C0 = 3, C1 with zero version bytes, C2 = echo of S1), SetChunkSize (-c, 60000),
 * connect (AMF0: app, type "nonprivate", flashVer, tcUrl), releaseStream + FCPublish, createStream,
 * publish(name, "live") on csid 8 with the stream id of createStream's _result. Once onStatus
 * NetStream.Publish.Start arrives it sends @setDataFrame onMetaData (the clip's script tag, csid 5),
 * the AVC and AAC sequence headers, then the clip's other audio (csid 4) and video (csid 6) tags:
 * tag k once now - start >= ts_k, looped with the timestamps going on (each loop adds the clip's
 * duration: the longer of the video and the audio, first to last frame + one frame). The first message on a chunk stream has a fmt 0 header, the next ones
 * fmt 1 (timestamp delta, length, type). What the server sends is parsed by chunk header (RTMP 5.3.1):
 * SetChunkSize, Abort, WindowAckSize (Acknowledgements are sent when half its window is received),
 * pings (answered), commands.
 *
 * Pacing: every -t ms (10) each publishing publisher writes the tags that are due (one writev per
 * message; TCP_NODELAY, so each message is one segment; -N leaves Nagle on, as ffmpeg does). Publishers start at -r per second, and each one's clock is offset by a
 * fraction of a video frame (golden-ratio spread over the index), so their frames do not fall due in
 * the same tick. Phases: attach (until every publisher got Publish.Start or failed, or -T s after the
 * last start), warmup (-w s), window (-d s; -d 0: until SIGINT/SIGTERM, which also ends a -d window
 * early and still reports). With -p PID the server's utime+stime and VmRSS are sampled before any
 * publisher connects (after a -b s idle baseline) and over the window; getrusage gives this tool's
 * own CPU over the window. With -P FILE it appends `total_size=BYTES` once a second, BYTES = mean
 * bytes sent so far per live publisher, so `rtmp_load -P FILE` judges its players against it.
 * With -L FILE publisher 0 logs when each video message left (rtmp_load -L/-l: publish-to-play latency).
 *
 * Build: gcc -O2 -Wall -Wextra -o rtmp_publish rtmp_publish.c   (rtmp_load_proc.h, rtmp_amf_read.h and rtmp_publish_*.h next to it)
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
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define HS_SIZE 1536
#define CTL_CAP 4096          /* handshake, commands, acks, pongs */
#define MAX_ICS 8             /* incoming chunk streams tracked per publisher */
#define MAX_CMD_MSG 65536     /* largest control/command message accepted */
#define MAX_IN (1u << 20)     /* largest incoming chunk buffered (bytes) */
#define RBUF_SIZE 65536
#define CSID_AUDIO 4
#define CSID_DATA 5
#define CSID_VIDEO 6
#define CSID_STREAM 8         /* publish command (ffmpeg's "source channel") */
#define MAX_IOV 64            /* a 1 MB message at 60000-byte chunks needs 2 * 18 + 1 */

enum { ST_CONNECTING, ST_HS, ST_CMD, ST_PUBLISHING, ST_DEAD };
enum { TID_CONNECT = 1, TID_RELEASE = 2, TID_FCPUBLISH = 3, TID_CREATESTREAM = 4, TID_PUBLISH = 5 };

#include "rtmp_publish_clip.h"

/* ---------- publishers ---------- */

typedef struct { /* incoming chunk stream (RTMP 5.3.1.2: fields inherited by fmt 1-3 headers) */
    int csid;    /* -1: free */
    uint32_t len, left, got, ts, delta;
    uint8_t type, ext;
    uint8_t *buf; /* body of a message we read (control/command) */
} ics_t;

typedef struct { uint32_t ts; uint8_t used; } ocs_t; /* outgoing chunk stream: last timestamp */

typedef struct {
    int fd, state, idx, want_out;
    char name[160];
    double t_start, t_pub, t0;  /* connect start, Publish.Start, pacing origin */
    uint64_t tx, rx, last_ack_rx, tx_win0, tx_win1;
    uint32_t sid, in_chunk, out_chunk, ack_win;
    uint8_t ctl[CTL_CAP];
    int ctl_len;
    uint8_t *in;                /* incoming bytes not parsed yet (an incomplete chunk or handshake) */
    uint32_t in_len, in_cap;
    ics_t ics[MAX_ICS];
    ocs_t ocs[3];               /* csid 4, 5, 6 */
    /* the message being written: header, fmt 3 continuation header, progress */
    uint64_t pos;               /* index of the next message (msg_at) */
    int cur;                    /* a message is in progress */
    msg_t m;
    uint8_t mh[18], c3[5];
    uint32_t mh_len, c3_len, off, total;
    double due;
    double lag_max;             /* in the window: latest (completion - due), s */
    const char *err;
} pub_t;

static const char *g_host = "127.0.0.1", *g_app = "live", *g_stream = "livestream";
static char g_tcurl[1100];
static int g_port = 1935, g_n = 1;
static uint32_t g_chunk = 60000;
static double g_dur = 15, g_warm = 5, g_rate = 200, g_attach_timeout = 60, g_tick_ms = 10, g_base = 0;
static int g_srv_pid = 0, g_no_fc = 0, g_nagle = 0;
static const char *g_out_path = NULL, *g_progress = NULL, *g_clip_path = NULL;
static int g_ep;
static int g_alive, g_publishing, g_failed, g_lost;
static int g_in_window;
static FILE *g_send_log;  /* -L: publisher 0's send log ("<timestamp ms> <monotonic s>" per video message) */
#define LAT_BINS 10001                  /* lateness of each message sent in the window, 1 ms bins */
static uint64_t g_lat[LAT_BINS], g_lat_n;
static uint8_t g_rbuf[RBUF_SIZE];
static volatile sig_atomic_t g_stop = 0;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *m) { fprintf(stderr, "rtmp_publish: %s\n", m); exit(2); }

#include "rtmp_load_proc.h"

static void fail(pub_t *p, const char *why) {
    if (p->state == ST_DEAD) return;
    if (p->t_pub == 0) g_failed++;
    else g_lost++;
    if (p->state == ST_PUBLISHING) g_publishing--;
    if (!p->err) p->err = why;
    p->state = ST_DEAD;
    if (p->fd >= 0) { epoll_ctl(g_ep, EPOLL_CTL_DEL, p->fd, NULL); close(p->fd); g_alive--; }
    p->fd = -1;
    free(p->in); p->in = NULL; p->in_len = p->in_cap = 0;
    for (int i = 0; i < MAX_ICS; i++) { free(p->ics[i].buf); p->ics[i].buf = NULL; }
}

static void set_out(pub_t *p, int on) {
    if (p->want_out == on || p->fd < 0) return;
    struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = p };
    epoll_ctl(g_ep, EPOLL_CTL_MOD, p->fd, &ev);
    p->want_out = on;
}

/* ---------- control output: small messages, copied ---------- */

static void ctl_append(pub_t *p, const void *d, int n) {
    if (p->state == ST_DEAD) return;
    if (p->ctl_len + n > CTL_CAP) { fail(p, "control output buffer full"); return; }
    memcpy(p->ctl + p->ctl_len, d, n);
    p->ctl_len += n;
}

/* Queue one control/command message (fmt 0, timestamp 0), chunked at our chunk size. */
static void send_ctl_msg(pub_t *p, int csid, uint8_t type, uint32_t sid, const uint8_t *body, uint32_t len) {
    uint8_t h[12];
    h[0] = (uint8_t)csid;
    h[1] = h[2] = h[3] = 0;
    put24(h + 4, len);
    h[7] = type;
    h[8] = sid; h[9] = sid >> 8; h[10] = sid >> 16; h[11] = sid >> 24; /* little endian */
    ctl_append(p, h, 12);
    for (uint32_t off = 0; off < len; off += p->out_chunk) {
        if (off) { uint8_t c = 0xC0 | csid; ctl_append(p, &c, 1); }
        ctl_append(p, body + off, len - off < p->out_chunk ? len - off : p->out_chunk);
    }
}

/* Returns 0 when all queued control bytes are written, 1 when the socket is full, -1 on error. */
static int flush_ctl(pub_t *p) {
    if (p->fd < 0) return 0; /* self-test: the test reads p->ctl itself */
    while (p->ctl_len > 0) {
        ssize_t w = send(p->fd, p->ctl, p->ctl_len, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { set_out(p, 1); return 1; }
            if (errno == EINTR) continue;
            fail(p, "send failed");
            return -1;
        }
        p->tx += (uint64_t)w;
        memmove(p->ctl, p->ctl + w, p->ctl_len - w);
        p->ctl_len -= (int)w;
    }
    return 0;
}

/* AMF0 writers (AMF0 spec 2.x). */
typedef struct { uint8_t b[1024]; int n; } amf_t;
static void amf_str_raw(amf_t *a, const char *s) {
    size_t l = strlen(s);
    if (l > 400) l = 400;
    a->b[a->n++] = l >> 8; a->b[a->n++] = l;
    memcpy(a->b + a->n, s, l); a->n += (int)l;
}
static void amf_str(amf_t *a, const char *s) { a->b[a->n++] = 0x02; amf_str_raw(a, s); }
static void amf_num(amf_t *a, double d) {
    uint64_t u; memcpy(&u, &d, 8);
    a->b[a->n++] = 0x00;
    for (int i = 7; i >= 0; i--) a->b[a->n++] = u >> (i * 8);
}
static void amf_null(amf_t *a) { a->b[a->n++] = 0x05; }
static void amf_obj_begin(amf_t *a) { a->b[a->n++] = 0x03; }
static void amf_obj_end(amf_t *a) { a->b[a->n++] = 0; a->b[a->n++] = 0; a->b[a->n++] = 0x09; }

static void amf_connect(amf_t *a, const char *app, const char *tcurl) {
    a->n = 0;
    amf_str(a, "connect"); amf_num(a, TID_CONNECT);
    amf_obj_begin(a);
    amf_str_raw(a, "app"); amf_str(a, app);
    amf_str_raw(a, "type"); amf_str(a, "nonprivate");
    amf_str_raw(a, "flashVer"); amf_str(a, "FMLE/3.0 (compatible; FMSc/1.0)");
    amf_str_raw(a, "tcUrl"); amf_str(a, tcurl);
    amf_obj_end(a);
}

static void send_connect(pub_t *p) {
    uint8_t w[4];
    be32(w, g_chunk);
    send_ctl_msg(p, 2, 1, 0, w, 4); /* SetChunkSize first: everything after uses it */
    p->out_chunk = g_chunk;
    amf_t a;
    amf_connect(&a, g_app, g_tcurl);
    send_ctl_msg(p, 3, 20, 0, a.b, a.n);
}

static void send_create_stream(pub_t *p) {
    amf_t a = { .n = 0 };
    if (!g_no_fc) {
        amf_str(&a, "releaseStream"); amf_num(&a, TID_RELEASE); amf_null(&a); amf_str(&a, p->name);
        send_ctl_msg(p, 3, 20, 0, a.b, a.n);
        a.n = 0;
        amf_str(&a, "FCPublish"); amf_num(&a, TID_FCPUBLISH); amf_null(&a); amf_str(&a, p->name);
        send_ctl_msg(p, 3, 20, 0, a.b, a.n);
        a.n = 0;
    }
    amf_str(&a, "createStream"); amf_num(&a, TID_CREATESTREAM); amf_null(&a);
    send_ctl_msg(p, 3, 20, 0, a.b, a.n);
}

static void send_publish(pub_t *p) {
    amf_t a = { .n = 0 };
    amf_str(&a, "publish"); amf_num(&a, TID_PUBLISH); amf_null(&a); amf_str(&a, p->name); amf_str(&a, "live");
    send_ctl_msg(p, CSID_STREAM, 20, p->sid, a.b, a.n);
}

/* ---------- media output: headers built per message, bodies written from the clip ---------- */

static int ocs_slot(int csid) { return csid - CSID_AUDIO; } /* 4, 5, 6 -> 0, 1, 2 */

/* Chooses the header of p->m: fmt 0 for the first message on its chunk stream (or a timestamp that
 * went back), else fmt 1 with the delta. A timestamp field >= 0xffffff goes in the extended field,
 * which every fmt 3 continuation chunk of the message repeats (RTMP 5.3.1.3). */
static void start_msg(pub_t *p) {
    const msg_t *m = &p->m;
    ocs_t *o = &p->ocs[ocs_slot(m->csid)];
    int fmt = o->used && m->ts >= o->ts ? 1 : 0;
    uint32_t tv = fmt == 0 ? m->ts : m->ts - o->ts;
    int ext = tv >= 0xffffff;
    uint8_t *h = p->mh;
    uint32_t n = 0;
    h[n++] = (uint8_t)(fmt << 6 | m->csid);
    put24(h + n, ext ? 0xffffff : tv); n += 3;
    put24(h + n, m->len); n += 3;
    h[n++] = m->type;
    if (fmt == 0) { h[n++] = p->sid; h[n++] = p->sid >> 8; h[n++] = p->sid >> 16; h[n++] = p->sid >> 24; }
    if (ext) { be32(h + n, tv); n += 4; }
    p->mh_len = n;
    p->c3[0] = (uint8_t)(0xC0 | m->csid);
    p->c3_len = 1;
    if (ext) { be32(p->c3 + 1, tv); p->c3_len = 5; }
    uint32_t chunks = m->len ? (m->len + p->out_chunk - 1) / p->out_chunk : 1;
    p->total = p->mh_len + m->len + (chunks - 1) * p->c3_len;
    p->off = 0;
    p->cur = 1;
    o->ts = m->ts;
    o->used = 1;
}

/* iovecs for the bytes of the current message from p->off on: header, then chunk bodies with a
 * continuation header before each chunk after the first. */
static int msg_iov(const pub_t *p, struct iovec *iov, int max) {
    int k = 0;
    uint32_t seg = 0, off = p->off; /* seg: start of the current segment in the message's bytes */
#define SEG(ptr, l) do { \
        uint32_t l_ = (l); \
        if (off < seg + l_ && k < max) { \
            uint32_t s_ = off > seg ? off - seg : 0; \
            iov[k].iov_base = (void *)((const uint8_t *)(ptr) + s_); iov[k].iov_len = l_ - s_; k++; \
        } \
        seg += l_; \
    } while (0)
    SEG(p->mh, p->mh_len);
    for (uint32_t b = 0; b < p->m.len; b += p->out_chunk) {
        if (b) SEG(p->c3, p->c3_len);
        SEG(p->m.body + b, p->m.len - b < p->out_chunk ? p->m.len - b : p->out_chunk);
    }
#undef SEG
    return k;
}

static double due_of(const pub_t *p, const msg_t *m) { return p->t0 + m->ts / 1000.0; }

/* Writes what is due: control bytes first (only between media messages), then the due messages. */
static void pump(pub_t *p, double t) {
    for (int budget = 256; budget > 0 && p->state != ST_DEAD; budget--) {
        if (!p->cur) {
            if (p->ctl_len) { if (flush_ctl(p)) return; }
            if (p->state != ST_PUBLISHING) { set_out(p, 0); return; }
            msg_at(p->pos, &p->m);
            double due = due_of(p, &p->m);
            if (due > t) { set_out(p, 0); return; }
            p->due = due;
            start_msg(p);
        }
        struct iovec iov[MAX_IOV];
        int k = msg_iov(p, iov, MAX_IOV);
        ssize_t w = writev(p->fd, iov, k);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { set_out(p, 1); return; }
            if (errno == EINTR) continue;
            fail(p, "send failed");
            return;
        }
        p->tx += (uint64_t)w;
        p->off += (uint32_t)w;
        if (p->off < p->total) continue; /* partial: the next writev usually gets EAGAIN */
        p->cur = 0;
        p->pos++;
        /* -L: when publisher 0's video messages left (rtmp_load -L/-l matches them by timestamp). */
        if (g_send_log && p->idx == 0 && p->m.type == 9) fprintf(g_send_log, "%u %.6f\n", p->m.ts, now());
        if (g_in_window) {
            double lag = now() - p->due;
            if (lag > p->lag_max) p->lag_max = lag;
            long b = lag > 0 ? (long)(lag * 1000) : 0;
            g_lat[b < LAT_BINS ? b : LAT_BINS - 1]++;
            g_lat_n++;
        }
    }
}

#include "rtmp_publish_input.h"

/* ---------- lifecycle ---------- */

static int start_pub(pub_t *p, struct sockaddr_in *sa) {
    p->t_start = now();
    p->in_chunk = 128;
    p->out_chunk = 128;
    for (int i = 0; i < MAX_ICS; i++) p->ics[i].csid = -1;
    p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (p->fd < 0) { p->state = ST_DEAD; p->err = "socket() failed (fd limit?)"; g_failed++; return -1; }
    int one = 1;
    if (!g_nagle) setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    g_alive++;
    p->state = ST_CONNECTING;
    p->want_out = 1;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = p };
    if (epoll_ctl(g_ep, EPOLL_CTL_ADD, p->fd, &ev) < 0) { fail(p, "epoll_ctl failed"); return -1; }
    if (connect(p->fd, (struct sockaddr *)sa, sizeof *sa) < 0 && errno != EINPROGRESS) { fail(p, "connect failed"); return -1; }
    return 0;
}

static void on_connected(pub_t *p) {
    int err = 0; socklen_t l = sizeof err;
    getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) { fail(p, "connect refused/failed"); return; }
    p->state = ST_HS;
    /* C0 = 3; C1 = time(4) + zero(4) + random(1528): the simple (non-digest) handshake. */
    uint8_t c[1 + HS_SIZE];
    c[0] = 3;
    memset(c + 1, 0, 8);
    for (int i = 9; i < 1 + HS_SIZE; i++) c[i] = (uint8_t)(rand() >> 7);
    ctl_append(p, c, sizeof c);
    if (flush_ctl(p) == 0) set_out(p, 0);
}

static void serve(pub_t *p, uint32_t events) {
    if (p->state == ST_DEAD) return;
    if (p->state == ST_CONNECTING) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(p);
        return;
    }
    if (events & EPOLLOUT) {
        if (p->state == ST_PUBLISHING) pump(p, now());
        else if (flush_ctl(p) == 0) set_out(p, 0);
    }
    if (p->state != ST_DEAD && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) on_readable(p);
}

#include "rtmp_publish_selftest.h"

/* ---------- main ---------- */

static double self_sys_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *v, int n, double q) { return n ? v[(int)(q * (n - 1) + 0.5)] : -1; }

/* Lateness of the messages sent in the window: the bin (ms) holding quantile q; -1 without messages. */
static long lat_q(double q) {
    if (!g_lat_n) return -1;
    uint64_t want = (uint64_t)(q * (g_lat_n - 1)) + 1, seen = 0;
    for (long b = 0; b < LAT_BINS; b++) { seen += g_lat[b]; if (seen >= want) return b; }
    return LAT_BINS - 1;
}

static void usage(void) {
    fprintf(stderr,
        "usage: rtmp_publish -u rtmp://host:port/app/stream -f clip.flv [-n publishers] [-s stream_prefix]\n"
        "                    [-r connects_per_s] [-T attach_timeout_s] [-w warmup_s] [-d window_s] [-t tick_ms]\n"
        "                    [-c chunk_size] [-F] [-N] [-p server_pid] [-b baseline_s] [-P progress_file] [-o results.json]\n"
        "                    [-L send_log]\n"
        "       rtmp_publish -S [-f clip.flv]\n"
        "  publisher i publishes app/<stream>i (i = 0..n-1); with -n 1 app/<stream>.\n"
        "  -d 0: the window lasts until SIGINT/SIGTERM (a signal also ends a -d window early; figures are kept).\n"
        "  -b: measure the server's CPU for this long before the first publisher (idle baseline).\n"
        "  -P: append total_size=<mean bytes sent per live publisher> once a second (for rtmp_load -P).\n"
        "  -F: no releaseStream/FCPublish before createStream.\n"
        "  -N: leave Nagle on (no TCP_NODELAY), as ffmpeg's RTMP output does; small frames may then share segments.\n"
        "  -L: write \"<timestamp ms> <CLOCK_MONOTONIC s>\" for each of publisher 0's video messages once written\n"
        "      (rtmp_load -L K -l FILE: publish-to-play latency).\n"
        "  -S: self-tests; with -f also reads the clip and prints its tags.\n");
    exit(2);
}

static void parse_url(const char *u) {
    static char buf[1024];
    if (strncmp(u, "rtmp://", 7)) die("url must start with rtmp://");
    snprintf(buf, sizeof buf, "%s", u + 7);
    char *slash = strchr(buf, '/');
    if (!slash) die("url needs /app/stream");
    *slash = 0;
    char *colon = strchr(buf, ':');
    if (colon) { *colon = 0; g_port = atoi(colon + 1); }
    g_host = buf;
    char *path = slash + 1;
    char *last = strrchr(path, '/');
    if (!last) die("url needs /app/stream");
    *last = 0;
    g_app = path;
    g_stream = last + 1;
    snprintf(g_tcurl, sizeof g_tcurl, "rtmp://%s:%d/%s", g_host, g_port, g_app);
}

static void load_clip(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(2); }
    struct stat st;
    if (fstat(fd, &st) < 0) die("fstat");
    uint8_t *d = malloc(st.st_size ? st.st_size : 1);
    if (!d) die("oom");
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, d + got, st.st_size - got);
        if (r <= 0) die("cannot read the clip");
        got += (size_t)r;
    }
    close(fd);
    const char *err = "";
    if (clip_parse(&g_clip, d, got, &err) < 0) { fprintf(stderr, "rtmp_publish: %s: %s\n", path, err); exit(2); }
    build_pre();
}

static void on_sig(int s) { (void)s; g_stop = 1; }

static void write_progress(pub_t *ps, int started) {
    uint64_t sum = 0;
    int k = 0;
    for (int i = 0; i < started; i++) if (ps[i].state == ST_PUBLISHING) { sum += ps[i].tx; k++; }
    if (!k) return;
    FILE *f = fopen(g_progress, "a");
    if (!f) return;
    fprintf(f, "total_size=%llu\n", (unsigned long long)(sum / (uint64_t)k));
    fclose(f);
}

int main(int argc, char **argv) {
    int opt, self = 0;
    const char *url = NULL, *prefix = NULL;
    while ((opt = getopt(argc, argv, "u:f:n:s:r:T:w:d:t:c:FNp:b:P:o:L:Sh")) != -1) {
        switch (opt) {
        case 'u': url = optarg; break;
        case 'f': g_clip_path = optarg; break;
        case 'n': g_n = atoi(optarg); break;
        case 's': prefix = optarg; break;
        case 'r': g_rate = atof(optarg); break;
        case 'T': g_attach_timeout = atof(optarg); break;
        case 'w': g_warm = atof(optarg); break;
        case 'd': g_dur = atof(optarg); break;
        case 't': g_tick_ms = atof(optarg); break;
        case 'c': g_chunk = (uint32_t)atoi(optarg); break;
        case 'F': g_no_fc = 1; break;
        case 'N': g_nagle = 1; break;
        case 'p': g_srv_pid = atoi(optarg); break;
        case 'b': g_base = atof(optarg); break;
        case 'P': g_progress = optarg; break;
        case 'o': g_out_path = optarg; break;
        case 'L':
            g_send_log = fopen(optarg, "w");
            if (!g_send_log) die("cannot write the -L file");
            setvbuf(g_send_log, NULL, _IOLBF, 0); /* whole lines for a reader at any moment */
            break;
        case 'S': self = 1; break;
        default: usage();
        }
    }
    if (self) {
        int ok = selftest();
        if (g_clip_path) {
            load_clip(g_clip_path);
            printf("clip %s: %d tags, %d paced (%d video, %d audio, %d end-of-sequence skipped), metadata %s, AVC sequence header %s, AAC %s; "
                   "%.3f s, loop period %u ms (video frame %u ms, audio %u ms), %.0f kbps of tag bodies\n",
                   g_clip_path, g_clip.ntags, g_clip.nmedia, g_clip.nvideo, g_clip.naudio, g_clip.skipped, g_clip.script >= 0 ? "yes" : "no",
                   g_clip.vseq >= 0 ? "yes" : "no", g_clip.aseq >= 0 ? "yes" : "no", (g_clip.ts1 - g_clip.ts0) / 1000.0,
                   g_clip.period, g_clip.frame, g_clip.aframe, g_clip.media_bytes * 8.0 / g_clip.period);
        }
        return ok ? 0 : 1;
    }
    if (!url || !g_clip_path || g_n < 1 || g_dur < 0 || g_rate <= 0 || g_tick_ms <= 0 || g_chunk < 128 || g_chunk > 0x7fffffff)
        usage();
    parse_url(url);
    if (prefix) g_stream = prefix;
    load_clip(g_clip_path);
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned)getpid());

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rlim_t want = (rlim_t)g_n + 64;
    if (rl.rlim_cur < want) {
        rl.rlim_cur = want;
        if (rl.rlim_max < want) rl.rlim_max = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0) fprintf(stderr, "rtmp_publish: warning: cannot raise RLIMIT_NOFILE to %lu\n", (unsigned long)want);
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(g_port) };
    if (inet_pton(AF_INET, g_host, &sa.sin_addr) != 1) {
        struct hostent *he = gethostbyname(g_host);
        if (!he) die("cannot resolve host");
        memcpy(&sa.sin_addr, he->h_addr_list[0], 4);
    }
    pub_t *ps = calloc(g_n, sizeof *ps);
    if (!ps) die("oom");
    for (int i = 0; i < g_n; i++) {
        ps[i].idx = i;
        ps[i].fd = -1;
        if (g_n > 1) snprintf(ps[i].name, sizeof ps[i].name, "%s%d", g_stream, i);
        else snprintf(ps[i].name, sizeof ps[i].name, "%s", g_stream);
    }
    g_ep = epoll_create1(EPOLL_CLOEXEC);
    if (g_ep < 0) die("epoll_create1");

    fprintf(stderr, "rtmp_publish: %d publishers -> %s:%d app=%s stream=%s%s, ramp %.0f/s, tick %.0f ms; clip %d tags, "
            "%.1f s, %.0f kbps\n", g_n, g_host, g_port, g_app, g_stream, g_n > 1 ? "<i>" : "", g_rate, g_tick_ms,
            g_clip.ntags, g_clip.period / 1000.0, g_clip.media_bytes * 8.0 / g_clip.period);

    /* Baseline: the server's CPU with no publisher at all. */
    double base_rate = -1;
    if (g_srv_pid && g_base > 0) {
        double c0 = proc_cpu_s(g_srv_pid), b0 = now();
        struct timespec ts = { (time_t)g_base, (long)((g_base - (time_t)g_base) * 1e9) };
        nanosleep(&ts, NULL);
        base_rate = (proc_cpu_s(g_srv_pid) - c0) / (now() - b0);
    }
    long rss0 = g_srv_pid ? proc_rss_kb(g_srv_pid) : -1;
    double t0 = now(), tick = g_tick_ms / 1000.0, next_tick = t0, next_prog = t0 + 1, next_rss = 0;
    int started = 0, timed_out = 0, stopped_early = 0;
    enum { PH_ATTACH, PH_WARM, PH_MEASURE, PH_DONE } phase = PH_ATTACH;
    double t_attached = 0, t_win0 = 0, t_win1 = 0, srv0 = 0, srv1 = 0, self0 = 0, self1 = 0, sys0 = 0, sys1 = 0;
    long rss_win0 = -1, rss_win1 = -1, rss_max = -1;
    struct epoll_event evs[512];

    while (phase != PH_DONE) {
        double t = now();
        while (started < g_n && started < (int)((t - t0) * g_rate) + 1) { start_pub(&ps[started], &sa); started++; }
        if (g_stop && phase != PH_MEASURE) break;
        if (phase == PH_ATTACH) {
            int settled = started == g_n && g_publishing + g_failed + g_lost >= g_n;
            int late = started == g_n && t - t0 > g_n / g_rate + g_attach_timeout;
            if (settled || late) {
                timed_out = !settled;
                t_attached = t;
                phase = PH_WARM;
                fprintf(stderr, "rtmp_publish: publish phase over after %.1f s: %d publishing, %d failed%s\n",
                        t - t0, g_publishing, g_failed + g_lost, timed_out ? " (timeout)" : "");
                if (g_alive == 0) break;
            }
        } else if (phase == PH_WARM && t - t_attached >= g_warm) {
            phase = PH_MEASURE;
            g_in_window = 1;
            t_win0 = now();
            for (int i = 0; i < started; i++) { ps[i].tx_win0 = ps[i].tx; ps[i].lag_max = 0; }
            self0 = self_cpu_s();
            sys0 = self_sys_s();
            if (g_srv_pid) { srv0 = proc_cpu_s(g_srv_pid); rss_win0 = proc_rss_kb(g_srv_pid); rss_max = rss_win0; }
            fprintf(stderr, "rtmp_publish: window start (%d publishing)\n", g_publishing);
        } else if (phase == PH_MEASURE) {
            if (g_srv_pid && t >= next_rss) {
                long r = proc_rss_kb(g_srv_pid);
                if (r > rss_max) rss_max = r;
                next_rss = t + 1;
            }
            if ((g_dur > 0 && t - t_win0 >= g_dur) || g_stop) {
                stopped_early = g_stop && !(g_dur > 0 && t - t_win0 >= g_dur);
                t_win1 = now();
                self1 = self_cpu_s();
                sys1 = self_sys_s();
                if (g_srv_pid) { srv1 = proc_cpu_s(g_srv_pid); rss_win1 = proc_rss_kb(g_srv_pid); }
                for (int i = 0; i < started; i++) ps[i].tx_win1 = ps[i].tx;
                phase = PH_DONE;
                break;
            }
        }
        if (t >= next_tick) {
            for (int i = 0; i < started; i++)
                if (ps[i].state == ST_PUBLISHING && !ps[i].want_out) pump(&ps[i], t);
            next_tick += tick;
            if (next_tick < t) next_tick = t + tick;
        }
        if (g_progress && t >= next_prog) { write_progress(ps, started); next_prog += 1; }
        double wait_s = next_tick - now();
        if (started < g_n) { double dc = (started + 1) / g_rate - (now() - t0); if (dc < wait_s) wait_s = dc; }
        int timeout = wait_s > 0 ? (int)(wait_s * 1000 + 0.999) : 0;
        int ne = epoll_wait(g_ep, evs, 512, timeout);
        for (int i = 0; i < ne; i++) serve(evs[i].data.ptr, evs[i].events);
    }

    /* ---------- results ---------- */
    double win = t_win1 - t_win0;
    double *kb = malloc(sizeof(double) * g_n), *lag = malloc(sizeof(double) * g_n), *ps_ms = malloc(sizeof(double) * g_n);
    if (!kb || !lag || !ps_ms) die("oom");
    int nkb = 0, nps = 0, n_err = 0, behind = 0, alive_end = 0;
    const char *first_err = NULL;
    for (int i = 0; i < started; i++) {
        pub_t *p = &ps[i];
        if (p->t_pub > 0) ps_ms[nps++] = (p->t_pub - p->t_start) * 1000;
        if (p->err) { n_err++; if (!first_err) first_err = p->err; }
        if (p->state == ST_PUBLISHING) alive_end++;
        if (win > 0 && p->t_pub > 0 && p->t_pub < t_win0) {
            kb[nkb] = p->state == ST_PUBLISHING ? (p->tx_win1 - p->tx_win0) * 8.0 / 1000.0 / win : 0;
            /* a publisher still writing a message has its pending lateness too */
            double l = p->lag_max;
            if (p->state == ST_PUBLISHING && p->cur && t_win1 - p->due > l) l = t_win1 - p->due;
            lag[nkb] = l * 1000;
            if (l > 0.5 || p->state != ST_PUBLISHING) behind++;
            nkb++;
        }
    }
    qsort(kb, nkb, sizeof(double), cmp_d);
    qsort(lag, nkb, sizeof(double), cmp_d);
    qsort(ps_ms, nps, sizeof(double), cmp_d);
    double clip_kbps = g_clip.media_bytes * 8.0 / g_clip.period;
    double srv_rate = (g_srv_pid && win > 0) ? (srv1 - srv0) / win : -1;
    double self_rate = win > 0 ? (self1 - self0) / win : -1;
    double sys_rate = win > 0 ? (sys1 - sys0) / win : -1;
    double per1000 = srv_rate >= 0 && alive_end > 0 ? srv_rate * 1000.0 / alive_end : -1;
    double net1000 = per1000 >= 0 && base_rate >= 0 ? (srv_rate - base_rate) * 1000.0 / alive_end : -1;
    double rss_pp = rss0 >= 0 && rss_win1 >= 0 && alive_end > 0 ? (double)(rss_win1 - rss0) / alive_end : -1;
    double self1000 = self_rate >= 0 && alive_end > 0 ? self_rate * 1000.0 / alive_end : -1;

    printf("publishers: %d requested, %d got Publish.Start, %d failed before, %d lost after, %d publishing at the end%s\n",
           g_n, nps, g_failed, g_lost, alive_end, timed_out ? " (attach timed out)" : "");
    if (n_err) printf("errors: %d publishers, first: %s\n", n_err, first_err);
    printf("connect to Publish.Start ms: p50 %.1f p95 %.1f max %.1f\n", pct(ps_ms, nps, .5), pct(ps_ms, nps, .95), nps ? ps_ms[nps - 1] : -1);
    printf("window %.1f s%s: per-publisher kbps sent min %.0f p50 %.0f max %.0f (clip %.0f kbps of tag bodies); "
           "each publisher's worst lateness p50 %.1f p95 %.1f max %.1f ms, %d publishers > 500 ms late or gone\n",
           win, stopped_early ? " (ended by a signal)" : "", nkb ? kb[0] : -1, pct(kb, nkb, .5), nkb ? kb[nkb - 1] : -1, clip_kbps,
           pct(lag, nkb, .5), pct(lag, nkb, .95), nkb ? lag[nkb - 1] : -1, behind);
    printf("messages sent in the window: %llu, lateness (written - due) p50 %ld p99 %ld p99.9 %ld ms (1 ms bins)\n",
           (unsigned long long)g_lat_n, lat_q(.5), lat_q(.99), lat_q(.999));
    if (g_srv_pid)
        printf("server: cpu %.3f s/s (%.3f per 1000 publishers; idle %.3f s/s, net %.3f per 1000), rss before %ld kB, "
               "window start %ld, end %ld, max %ld; %.1f kB/publisher\n",
               srv_rate, per1000, base_rate, net1000, rss0, rss_win0, rss_win1, rss_max, rss_pp);
    printf("load tool: cpu %.3f s/s (%.3f per 1000 publishers), of which system %.3f s/s (on loopback the sender's\n"
           "  system time includes the receiving socket's TCP input and the server's wakeups)\n", self_rate, self1000, sys_rate);

    if (g_out_path) {
        FILE *f = fopen(g_out_path, "w");
        if (!f) die("cannot write -o file");
        fprintf(f, "{\n");
        fprintf(f, "  \"publishers\": %d,\n  \"publishing\": %d,\n  \"failed\": %d,\n  \"lost\": %d,\n  \"alive_end\": %d,\n"
                "  \"attach_timeout\": %d,\n", g_n, nps, g_failed, g_lost, alive_end, timed_out);
        fprintf(f, "  \"publish_start_p50_ms\": %.1f,\n  \"publish_start_p95_ms\": %.1f,\n  \"publish_start_max_ms\": %.1f,\n",
                pct(ps_ms, nps, .5), pct(ps_ms, nps, .95), nps ? ps_ms[nps - 1] : -1);
        fprintf(f, "  \"window_s\": %.2f,\n  \"stopped_early\": %d,\n  \"kbps_min\": %.0f,\n  \"kbps_p50\": %.0f,\n"
                "  \"kbps_max\": %.0f,\n  \"clip_kbps\": %.0f,\n",
                win, stopped_early, nkb ? kb[0] : -1, pct(kb, nkb, .5), nkb ? kb[nkb - 1] : -1, clip_kbps);
        fprintf(f, "  \"lag_p50_ms\": %.1f,\n  \"lag_p95_ms\": %.1f,\n  \"lag_max_ms\": %.1f,\n  \"behind\": %d,\n",
                pct(lag, nkb, .5), pct(lag, nkb, .95), nkb ? lag[nkb - 1] : -1, behind);
        fprintf(f, "  \"messages\": %llu,\n  \"msg_lag_p50_ms\": %ld,\n  \"msg_lag_p99_ms\": %ld,\n  \"msg_lag_p999_ms\": %ld,\n",
                (unsigned long long)g_lat_n, lat_q(.5), lat_q(.99), lat_q(.999));
        fprintf(f, "  \"server_cpu_s_per_s\": %.4f,\n  \"server_cpu_per_1000\": %.4f,\n", srv_rate, per1000);
        fprintf(f, "  \"server_idle_cpu_s_per_s\": %.4f,\n  \"server_net_cpu_per_1000\": %.4f,\n", base_rate, net1000);
        fprintf(f, "  \"server_rss0_kb\": %ld,\n  \"server_rss_kb\": %ld,\n  \"server_rss_max_kb\": %ld,\n"
                "  \"rss_kb_per_publisher\": %.1f,\n", rss0, rss_win1, rss_max, rss_pp);
        fprintf(f, "  \"load_cpu_s_per_s\": %.4f,\n  \"load_cpu_per_1000\": %.4f,\n  \"load_sys_s_per_s\": %.4f,\n",
                self_rate, self1000, sys_rate);
        fprintf(f, "  \"tick_ms\": %.1f,\n  \"nagle\": %d,\n", g_tick_ms, g_nagle);
        fprintf(f, "  \"first_error\": \"%s\"\n}\n", first_err ? first_err : "");
        fclose(f);
    }
    for (int i = 0; i < started; i++) if (ps[i].state != ST_DEAD) fail(&ps[i], "end");
    free(ps); free(kb); free(lag); free(ps_ms);
    free(g_meta);
    clip_free(&g_clip);
    free((void *)g_clip.data);
    return (g_stop && !stopped_early) || nps == 0 ? 1 : 0;
}
