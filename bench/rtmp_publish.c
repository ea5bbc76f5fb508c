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
 *
 * Build: gcc -O2 -Wall -Wextra -o rtmp_publish rtmp_publish.c   (rtmp_load_proc.h next to it)
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

/* ---------- the clip ---------- */

typedef struct { uint32_t off, size, ts; uint8_t type; } tag_t; /* off: body offset in the buffer */

typedef struct {
    const uint8_t *data;
    size_t len;
    tag_t *tags;
    int ntags;
    int *media;          /* indices of the paced tags (audio/video, not the first sequence headers) */
    int nmedia, nvideo, naudio, skipped;
    int script, vseq, aseq; /* tag indices or -1 */
    uint32_t ts0, ts1;   /* first and last timestamp of the paced tags */
    uint32_t frame, aframe; /* video and audio frame durations (ms, mean) */
    uint32_t period;     /* loop period: max over video and audio of (last ts - first ts + one frame) */
    uint64_t media_bytes; /* bodies of the paced tags, one loop */
} clip_t;

static uint32_t be24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] << 24 | be24(p + 1); }
static void be32(uint8_t *d, uint32_t v) { d[0] = v >> 24; d[1] = v >> 16; d[2] = v >> 8; d[3] = v; }
static void put24(uint8_t *d, uint32_t v) { d[0] = v >> 16; d[1] = v >> 8; d[2] = v; }

static void clip_free(clip_t *c) { free(c->tags); free(c->media); c->tags = NULL; c->media = NULL; }

/* FLV spec E.2-E.4: 9-byte header (its DataOffset says where the body starts), PreviousTagSize0, then
 * tags of 11-byte header + body + PreviousTagSize. A truncated last tag is ignored. Returns the number
 * of tags, or -1 with *err set. */
static int clip_parse(clip_t *c, const uint8_t *d, size_t n, const char **err) {
    memset(c, 0, sizeof *c);
    c->data = d; c->len = n;
    c->script = c->vseq = c->aseq = -1;
    if (n < 13 || memcmp(d, "FLV", 3)) { *err = "not an FLV file"; return -1; }
    size_t off = rd32(d + 5);
    if (off < 9 || off + 4 > n) { *err = "bad FLV header"; return -1; }
    off += 4;
    size_t cap = n / 15 + 1;
    c->tags = calloc(cap, sizeof *c->tags);
    c->media = calloc(cap, sizeof *c->media);
    if (!c->tags || !c->media) { *err = "oom"; clip_free(c); return -1; }
    uint32_t v_first = 0, v_last = 0, a_first = 0, a_last = 0;
    int have_ts = 0;
    while (off + 11 <= n) {
        const uint8_t *h = d + off;
        uint32_t size = be24(h + 1), ts = be24(h + 4) | (uint32_t)h[7] << 24;
        if (off + 11 + size > n) break; /* truncated */
        tag_t *t = &c->tags[c->ntags];
        t->off = (uint32_t)(off + 11); t->size = size; t->ts = ts; t->type = h[0] & 0x1f;
        const uint8_t *b = d + t->off;
        int i = c->ntags++;
        off += 11 + size + 4;
        if (t->type == 18) {
            if (c->script < 0 && size > 13 && b[0] == 2 && !memcmp(b + 3, "onMetaData", 10)) c->script = i;
            continue;
        }
        if (t->type != 8 && t->type != 9) continue;
        if (t->type == 9 && c->vseq < 0 && size >= 2 && (b[0] & 0x0f) == 7 && b[1] == 0) { c->vseq = i; continue; }
        if (t->type == 8 && c->aseq < 0 && size >= 2 && (b[0] >> 4) == 10 && b[1] == 0) { c->aseq = i; continue; }
        /* the AVC end of sequence ffmpeg writes at the end of a file: not sent (ffmpeg's demuxer drops it too) */
        if (t->type == 9 && size >= 2 && (b[0] & 0x0f) == 7 && b[1] == 2) { c->skipped++; continue; }
        c->media[c->nmedia++] = i;
        c->media_bytes += size;
        if (!have_ts || ts < c->ts0) c->ts0 = ts;
        if (!have_ts || ts > c->ts1) c->ts1 = ts;
        have_ts = 1;
        if (t->type == 9) { if (!c->nvideo) v_first = ts; v_last = ts; c->nvideo++; }
        else { if (!c->naudio) a_first = ts; a_last = ts; c->naudio++; }
    }
    if (c->nmedia == 0) { *err = "no audio or video tags"; clip_free(c); return -1; }
    c->frame = c->nvideo > 1 ? (v_last - v_first + (uint32_t)(c->nvideo - 1) / 2) / (uint32_t)(c->nvideo - 1) : 40;
    c->aframe = c->naudio > 1 ? (a_last - a_first + (uint32_t)(c->naudio - 1) / 2) / (uint32_t)(c->naudio - 1) : 0;
    if (c->frame == 0) c->frame = 1;
    /* The smallest loop offset after which neither stream's timestamps go back: the stream that is
     * longest (first to last frame, + one frame) goes on without a gap, the other has one. */
    uint32_t v_span = c->nvideo ? v_last - v_first + c->frame : 0, a_span = c->naudio ? a_last - a_first + c->aframe : 0;
    c->period = v_span > a_span ? v_span : a_span;
    if (c->period == 0) c->period = 1;
    return c->ntags;
}

static clip_t g_clip;

/* One message to send: the @setDataFrame metadata and sequence headers (pre), or a paced tag. */
typedef struct { uint8_t type; uint8_t csid; uint32_t ts; const uint8_t *body; uint32_t len; } msg_t;
static msg_t g_pre[3];
static int g_npre;
static uint8_t *g_meta; /* "@setDataFrame" + the script tag's body */

static void build_pre(void) {
    g_npre = 0;
    if (g_clip.script >= 0) {
        static const uint8_t sdf[16] = { 2, 0, 13, '@', 's', 'e', 't', 'D', 'a', 't', 'a', 'F', 'r', 'a', 'm', 'e' };
        const tag_t *t = &g_clip.tags[g_clip.script];
        free(g_meta);
        g_meta = malloc(sizeof sdf + t->size);
        if (g_meta) {
            memcpy(g_meta, sdf, sizeof sdf);
            memcpy(g_meta + sizeof sdf, g_clip.data + t->off, t->size);
            g_pre[g_npre++] = (msg_t){ 18, CSID_DATA, 0, g_meta, (uint32_t)(sizeof sdf + t->size) };
        }
    }
    if (g_clip.vseq >= 0) {
        const tag_t *t = &g_clip.tags[g_clip.vseq];
        g_pre[g_npre++] = (msg_t){ 9, CSID_VIDEO, 0, g_clip.data + t->off, t->size };
    }
    if (g_clip.aseq >= 0) {
        const tag_t *t = &g_clip.tags[g_clip.aseq];
        g_pre[g_npre++] = (msg_t){ 8, CSID_AUDIO, 0, g_clip.data + t->off, t->size };
    }
}

/* The pos-th message of a publisher: the pre messages, then the paced tags, looped. */
static void msg_at(uint64_t pos, msg_t *m) {
    if (pos < (uint64_t)g_npre) { *m = g_pre[pos]; return; }
    uint64_t q = pos - (uint64_t)g_npre, loop = q / (uint64_t)g_clip.nmedia;
    const tag_t *t = &g_clip.tags[g_clip.media[q % (uint64_t)g_clip.nmedia]];
    m->type = t->type;
    m->csid = t->type == 8 ? CSID_AUDIO : CSID_VIDEO;
    m->ts = (uint32_t)(t->ts - g_clip.ts0 + loop * g_clip.period);
    m->body = g_clip.data + t->off;
    m->len = t->size;
}

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
        if (g_in_window) {
            double lag = now() - p->due;
            if (lag > p->lag_max) p->lag_max = lag;
            long b = lag > 0 ? (long)(lag * 1000) : 0;
            g_lat[b < LAT_BINS ? b : LAT_BINS - 1]++;
            g_lat_n++;
        }
    }
}

/* ---------- input: handshake, chunk headers, commands ---------- */

static double amf_read_num(const uint8_t *d, uint32_t n, uint32_t *off, int *ok) {
    if (*off + 9 > n || d[*off] != 0x00) { *ok = 0; return 0; }
    uint64_t u = 0;
    for (int i = 1; i <= 8; i++) u = (u << 8) | d[*off + i];
    *off += 9;
    double v; memcpy(&v, &u, 8);
    return v;
}

/* Skip one AMF0 value (the kinds a command's object or null argument uses). */
static int amf_skip(const uint8_t *d, uint32_t n, uint32_t *off, int depth) {
    if (*off >= n || depth > 8) return 0;
    uint8_t t = d[(*off)++];
    switch (t) {
    case 0x00: if (*off + 8 > n) return 0; *off += 8; return 1;
    case 0x01: if (*off + 1 > n) return 0; *off += 1; return 1;
    case 0x02: { if (*off + 2 > n) return 0; uint32_t l = (uint32_t)d[*off] << 8 | d[*off + 1]; *off += 2 + l; return *off <= n; }
    case 0x05: case 0x06: return 1;
    case 0x08: if (*off + 4 > n) return 0; *off += 4; /* ecma array body is an object body */
        __attribute__((fallthrough));
    case 0x03:
        for (;;) {
            if (*off + 2 > n) return 0;
            uint32_t l = (uint32_t)d[*off] << 8 | d[*off + 1];
            *off += 2 + l;
            if (*off >= n) return 0;
            if (l == 0 && d[*off] == 0x09) { (*off)++; return 1; }
            if (!amf_skip(d, n, off, depth + 1)) return 0;
        }
    default: return 0;
    }
}

static void on_publish_start(pub_t *p) {
    if (p->state != ST_CMD) return;
    p->state = ST_PUBLISHING;
    p->t_pub = now();
    /* Each publisher's clock is offset by a fraction of a frame, spread by the golden ratio. */
    double f = p->idx * 0.6180339887498949;
    p->t0 = p->t_pub + (f - (long)f) * g_clip.frame / 1000.0;
    g_publishing++;
}

static void on_command(pub_t *p, const uint8_t *d, uint32_t n) {
    if (n < 3 || d[0] != 0x02) return;
    uint32_t l = (uint32_t)d[1] << 8 | d[2];
    if (3 + l > n) return;
    char name[64];
    uint32_t cl = l < sizeof name - 1 ? l : sizeof name - 1;
    memcpy(name, d + 3, cl); name[cl] = 0;
    uint32_t off = 3 + l;
    int ok = 1;
    double tid = amf_read_num(d, n, &off, &ok);
    if (!strcmp(name, "_result") && ok) {
        if ((int)tid == TID_CONNECT) send_create_stream(p);
        else if ((int)tid == TID_CREATESTREAM) {
            if (!amf_skip(d, n, &off, 0)) { fail(p, "bad createStream _result"); return; }
            double sid = amf_read_num(d, n, &off, &ok);
            if (!ok) { fail(p, "createStream _result without stream id"); return; }
            p->sid = (uint32_t)sid;
            send_publish(p);
        }
    } else if (!strcmp(name, "_error")) {
        if (ok && ((int)tid == TID_RELEASE || (int)tid == TID_FCPUBLISH)) return; /* optional commands */
        fail(p, "server answered _error");
    } else if (!strcmp(name, "onStatus")) {
        if (memmem(d, n, "NetStream.Publish.Start", 23)) on_publish_start(p);
        else if (memmem(d, n, "\x00\x05level\x02\x00\x05" "error", 15)) fail(p, "publish refused (onStatus error)");
    }
}

static void on_message(pub_t *p, ics_t *c) {
    const uint8_t *m = c->buf;
    uint32_t n = c->len;
    switch (c->type) {
    case 1: /* SetChunkSize (5.4.1) */
        if (n >= 4) {
            uint32_t v = rd32(m) & 0x7fffffff;
            if (v < 1 || v > MAX_IN - 64) { fail(p, "bad chunk size from the server"); return; }
            p->in_chunk = v;
        }
        break;
    case 2: /* Abort (5.4.2) */
        if (n >= 4) {
            int id = (int)rd32(m);
            for (int i = 0; i < MAX_ICS; i++)
                if (p->ics[i].csid == id && &p->ics[i] != c) {
                    p->ics[i].left = 0; free(p->ics[i].buf); p->ics[i].buf = NULL;
                }
        }
        break;
    case 4: /* user control (7.1.7): answer PingRequest (6) with PingResponse (7) */
        if (n >= 6 && m[0] == 0 && m[1] == 6) {
            uint8_t r[6] = { 0, 7, m[2], m[3], m[4], m[5] };
            send_ctl_msg(p, 2, 4, 0, r, 6);
        }
        break;
    case 5: /* WindowAckSize (5.4.4) */
        if (n >= 4) p->ack_win = rd32(m);
        break;
    case 20: /* AMF0 command */
        on_command(p, m, n);
        break;
    }
}

static int wants_body(uint8_t type) { return type == 1 || type == 2 || type == 4 || type == 5 || type == 20; }

static ics_t *ics_find(pub_t *p, int csid) {
    for (int i = 0; i < MAX_ICS; i++) if (p->ics[i].csid == csid) return &p->ics[i];
    return NULL;
}

/* Parses one whole chunk at d (RTMP 5.3.1). Returns its size, 0 if it is not all here yet (nothing is
 * changed then, so the same bytes are parsed again with more), -1 after fail(). */
static int parse_chunk(pub_t *p, const uint8_t *d, uint32_t n) {
    static const uint32_t mh[4] = { 11, 7, 3, 0 };
    if (n < 1) return 0;
    uint32_t b = 1;
    int fmt = d[0] >> 6, csid = d[0] & 0x3f;
    if (csid == 0) { if (n < 2) return 0; csid = 64 + d[1]; b = 2; }
    else if (csid == 1) { if (n < 3) return 0; csid = 64 + d[1] + 256 * d[2]; b = 3; }
    if (n < b + mh[fmt]) return 0;
    ics_t *c = ics_find(p, csid);
    if (!c && fmt != 0) { fail(p, "chunk stream starts without a fmt 0 header"); return -1; }
    const uint8_t *h = d + b;
    uint32_t t24 = fmt < 3 ? be24(h) : 0;
    int ext = fmt < 3 ? t24 == 0xffffff : c->ext;
    uint32_t hl = b + mh[fmt] + (ext ? 4 : 0);
    if (n < hl) return 0;
    uint32_t len = fmt <= 1 ? be24(h + 3) : c->len;
    uint8_t type = fmt <= 1 ? h[6] : c->type;
    int starts = fmt < 3 || c->left == 0;
    if (starts && wants_body(type) && len > MAX_CMD_MSG) { fail(p, "control message too large"); return -1; }
    uint32_t left = starts ? len : c->left;
    uint32_t pay = left < p->in_chunk ? left : p->in_chunk;
    if (n < hl + pay) return 0;
    /* the whole chunk is here: apply it */
    if (!c) {
        for (int i = 0; i < MAX_ICS && !c; i++) if (p->ics[i].csid < 0) c = &p->ics[i];
        if (!c) { fail(p, "too many chunk streams"); return -1; }
        memset(c, 0, sizeof *c);
        c->csid = csid;
    }
    uint32_t tv = ext ? rd32(d + b + mh[fmt]) : t24;
    if (fmt < 3) {
        c->ext = (uint8_t)ext;
        if (fmt == 0) { c->ts = tv; c->delta = 0; } else { c->delta = tv; c->ts += tv; }
        if (fmt <= 1) { c->len = len; c->type = type; }
    } else if (starts) {
        c->ts += c->delta;
    }
    if (starts) {
        free(c->buf); c->buf = NULL; /* a fmt 0-2 header in the middle of a message drops the rest */
        c->left = c->len;
        c->got = 0;
        if (wants_body(c->type)) {
            c->buf = malloc(c->len ? c->len : 1);
            if (!c->buf) { fail(p, "oom"); return -1; }
        }
    }
    if (c->buf) memcpy(c->buf + c->got, d + hl, pay);
    c->got += pay;
    c->left -= pay;
    if (c->left == 0) {
        if (c->buf) on_message(p, c);
        if (p->state == ST_DEAD) return -1;
        free(c->buf); c->buf = NULL;
    }
    return (int)(hl + pay);
}

/* Consumes what it can of d: the handshake reply, then whole chunks. Returns the bytes used. */
static uint32_t consume(pub_t *p, const uint8_t *d, uint32_t n) {
    uint32_t used = 0;
    if (p->state == ST_HS) {
        if (n < 1 + 2 * HS_SIZE) return 0;
        if (d[0] != 3) { fail(p, "bad S0 version"); return 0; }
        ctl_append(p, d + 1, HS_SIZE); /* C2 = echo of S1 */
        p->state = ST_CMD;
        send_connect(p);
        used = 1 + 2 * HS_SIZE;
    }
    while (p->state != ST_DEAD && used < n) {
        int r = parse_chunk(p, d + used, n - used);
        if (r <= 0) break;
        used += (uint32_t)r;
    }
    return used;
}

static void feed(pub_t *p, const uint8_t *d, uint32_t n) {
    if (p->in_len) {
        if (p->in_len + n > p->in_cap) {
            uint32_t cap = p->in_len + n + 4096;
            uint8_t *b = realloc(p->in, cap);
            if (!b) { fail(p, "oom"); return; }
            p->in = b; p->in_cap = cap;
        }
        memcpy(p->in + p->in_len, d, n);
        p->in_len += n;
        uint32_t used = consume(p, p->in, p->in_len);
        if (p->state == ST_DEAD) return;
        memmove(p->in, p->in + used, p->in_len - used);
        p->in_len -= used;
    } else {
        uint32_t used = consume(p, d, n);
        if (p->state == ST_DEAD || used == n) return;
        uint32_t rest = n - used;
        if (rest > p->in_cap) {
            uint8_t *b = realloc(p->in, rest + 4096);
            if (!b) { fail(p, "oom"); return; }
            p->in = b; p->in_cap = rest + 4096;
        }
        memcpy(p->in, d + used, rest);
        p->in_len = rest;
    }
    if (p->in_len > MAX_IN) fail(p, "incoming chunk too large");
}

static void maybe_ack(pub_t *p) {
    /* Acknowledgement (5.4.3) once half the server's window is received. */
    if (p->ack_win && p->rx - p->last_ack_rx >= p->ack_win / 2) {
        uint8_t b[4]; be32(b, (uint32_t)p->rx);
        send_ctl_msg(p, 2, 3, 0, b, 4);
        p->last_ack_rx = p->rx;
    }
}

static void on_readable(pub_t *p) {
    for (int rounds = 0; rounds < 4 && p->state != ST_DEAD; rounds++) {
        ssize_t r = recv(p->fd, g_rbuf, RBUF_SIZE, 0);
        if (r == 0) { fail(p, "server closed the connection"); return; }
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            fail(p, "recv failed");
            return;
        }
        p->rx += (uint64_t)r;
        feed(p, g_rbuf, (uint32_t)r);
        if (p->state == ST_DEAD) return;
        maybe_ack(p);
        if (r < RBUF_SIZE) break;
    }
    /* replies go out now (between media messages); a publisher that just started sends its first tags */
    if (!p->cur && p->ctl_len) flush_ctl(p);
    if (p->state == ST_PUBLISHING && !p->want_out) pump(p, now());
}

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

/* ---------- self-test (-S) ---------- */

static int st_fail(const char *what) { fprintf(stderr, "selftest %s FAILED\n", what); return 0; }

/* The connect command, byte for byte (AMF0 spec 2.2-2.5, 2.11). */
static int st_amf(void) {
    static const uint8_t want[] =
        "\x02\x00\x07" "connect" "\x00\x3f\xf0\x00\x00\x00\x00\x00\x00" "\x03"
        "\x00\x03" "app" "\x02\x00\x04" "live"
        "\x00\x04" "type" "\x02\x00\x0a" "nonprivate"
        "\x00\x08" "flashVer" "\x02\x00\x1f" "FMLE/3.0 (compatible; FMSc/1.0)"
        "\x00\x05" "tcUrl" "\x02\x00\x1a" "rtmp://127.0.0.1:1935/live"
        "\x00\x00\x09";
    amf_t a;
    amf_connect(&a, "live", "rtmp://127.0.0.1:1935/live");
    if (a.n != (int)sizeof want - 1 || memcmp(a.b, want, a.n)) {
        fprintf(stderr, "selftest amf0 connect FAILED: %d bytes, want %d\n", a.n, (int)sizeof want - 1);
        return 0;
    }
    return 1;
}

typedef struct { uint8_t *b; uint32_t n, cap; } sb_t;
static void sb_put(sb_t *s, const void *d, uint32_t n) {
    if (s->n + n > s->cap) { s->cap = (s->n + n) * 2; s->b = realloc(s->b, s->cap); if (!s->b) die("oom"); }
    memcpy(s->b + s->n, d, n); s->n += n;
}
static void sb_tag(sb_t *s, uint8_t type, uint32_t ts, uint32_t size, uint8_t b0, uint8_t b1) {
    uint8_t h[11] = { type, size >> 16, size >> 8, size, ts >> 16, ts >> 8, ts, ts >> 24, 0, 0, 0 };
    sb_put(s, h, 11);
    for (uint32_t i = 0; i < size; i++) { uint8_t v = i == 0 ? b0 : i == 1 ? b1 : (uint8_t)(i * 7); sb_put(s, &v, 1); }
    uint8_t pt[4]; be32(pt, 11 + size); sb_put(s, pt, 4);
}

/* A synthetic FLV: script, AVC and AAC sequence headers, then frames; one with an extended timestamp
 * byte, a 200000-byte keyframe, and a truncated last tag. */
static int st_flv(void) {
    static const uint8_t hdr[13] = { 'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0 };
    static const uint8_t meta[] = "\x02\x00\x0aonMetaData\x08\x00\x00\x00\x00\x00\x00\x09";
    sb_t s = { 0 };
    sb_put(&s, hdr, 13);
    uint8_t h[11] = { 18, 0, 0, sizeof meta - 1, 0, 0, 0, 0, 0, 0, 0 };
    sb_put(&s, h, 11); sb_put(&s, meta, sizeof meta - 1);
    uint8_t pt[4]; be32(pt, 11 + sizeof meta - 1); sb_put(&s, pt, 4);
    sb_tag(&s, 9, 0, 40, 0x17, 0);           /* AVC sequence header */
    sb_tag(&s, 8, 0, 4, 0xaf, 0);            /* AAC sequence header */
    sb_tag(&s, 9, 0, 200000, 0x17, 1);       /* keyframe */
    sb_tag(&s, 8, 10, 300, 0xaf, 1);
    sb_tag(&s, 9, 40, 500, 0x27, 1);
    sb_tag(&s, 9, 0x01000050, 500, 0x27, 1); /* extended timestamp byte */
    sb_tag(&s, 9, 0x01000050, 5, 0x17, 2);   /* AVC end of sequence: skipped */
    sb_tag(&s, 9, 0x01000090, 500, 0x27, 1);
    s.n -= 100;                              /* truncated */
    clip_t c;
    const char *err = "";
    int nt = clip_parse(&c, s.b, s.n, &err);
    int ok = nt == 8 && c.skipped == 1 && c.nmedia == 4 && c.nvideo == 3 && c.naudio == 1 && c.script == 0 && c.vseq == 1 && c.aseq == 2 &&
             c.ts0 == 0 && c.ts1 == 0x01000050 && c.tags[6].ts == 0x01000050 && c.tags[3].size == 200000 &&
             c.frame == 0x01000050 / 2 && c.period == 0x01000050 + c.frame;
    if (!ok) fprintf(stderr, "selftest flv FAILED: %d tags (%s), media %d, ts1 %u, frame %u\n", nt, err, c.nmedia, c.ts1, c.frame);
    uint8_t bad[13]; memcpy(bad, hdr, 13); bad[0] = 'X';
    clip_t b;
    if (clip_parse(&b, bad, 13, &err) != -1) ok = st_fail("flv signature");
    clip_free(&b);
    clip_free(&c);
    free(s.b);
    return ok;
}

/* What a server sends a publisher (SetChunkSize 128 so a reply spans chunks, WindowAckSize, a ping,
 * connect's and createStream's _result, onStatus Publish.Start), whole, split at every offset and
 * dripped: the publisher must answer each step and end up publishing with stream id 1. */
static void st_chunk(sb_t *s, int fmt, int csid, uint32_t ts, uint8_t type, const uint8_t *body, uint32_t len, uint32_t chunk) {
    for (uint32_t off = 0; off < len || off == 0; off += chunk) {
        uint8_t h[16]; int n = 0;
        int f = off ? 3 : fmt;
        h[n++] = (uint8_t)(f << 6 | csid);
        if (f < 3) { put24(h + n, ts); n += 3; }
        if (f < 2) { put24(h + n, len); n += 3; h[n++] = type; }
        if (f == 0) { h[n++] = 1; h[n++] = 0; h[n++] = 0; h[n++] = 0; }
        sb_put(s, h, n);
        sb_put(s, body + off, len - off < chunk ? len - off : chunk);
        if (len == 0) break;
    }
}

static void st_reset(pub_t *p) {
    for (int i = 0; i < MAX_ICS; i++) free(p->ics[i].buf);
    free(p->in);
    memset(p, 0, sizeof *p);
    p->fd = -1; p->state = ST_CMD; p->in_chunk = 128; p->out_chunk = g_chunk;
    snprintf(p->name, sizeof p->name, "stream0");
    for (int i = 0; i < MAX_ICS; i++) p->ics[i].csid = -1;
}

static int st_input(void) {
    sb_t s = { 0 };
    uint8_t w[4];
    be32(w, 1000); st_chunk(&s, 0, 2, 0, 5, w, 4, 128);          /* WindowAckSize 1000 */
    uint8_t ping[6] = { 0, 6, 0, 0, 0x12, 0x34 }; st_chunk(&s, 0, 2, 0, 4, ping, 6, 128);
    amf_t a = { .n = 0 };
    amf_str(&a, "_result"); amf_num(&a, TID_CONNECT); amf_obj_begin(&a);
    amf_str_raw(&a, "fmsVer"); amf_str(&a, "FMS/3,5,3,888"); amf_str_raw(&a, "pad");
    amf_str(&a, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    amf_obj_end(&a); amf_null(&a);
    st_chunk(&s, 0, 3, 0, 20, a.b, a.n, 128);                  /* 2 chunks */
    be32(w, 64); st_chunk(&s, 1, 2, 0, 1, w, 4, 128);           /* SetChunkSize 64 (fmt 1) */
    a.n = 0; amf_str(&a, "_result"); amf_num(&a, TID_CREATESTREAM); amf_null(&a); amf_num(&a, 1);
    st_chunk(&s, 1, 3, 0, 20, a.b, a.n, 64);
    a.n = 0; amf_str(&a, "onStatus"); amf_num(&a, 0); amf_null(&a); amf_obj_begin(&a);
    amf_str_raw(&a, "level"); amf_str(&a, "status");
    amf_str_raw(&a, "code"); amf_str(&a, "NetStream.Publish.Start");
    amf_str_raw(&a, "description"); amf_str(&a, "Started publishing stream.");
    amf_obj_end(&a);
    st_chunk(&s, 0, 5, 0x00ffffff - 1, 20, a.b, a.n, 64);       /* 2 chunks on csid 5 */
    pub_t p = { 0 };
    int ok = 1;
    for (int mode = 0; mode < 3 && ok; mode++) {
        for (uint32_t k = mode == 1 ? 1 : 0; (mode == 1 ? k < s.n : k < 1) && ok; k++) {
            st_reset(&p);
            if (mode == 0) feed(&p, s.b, s.n);
            else if (mode == 1) { feed(&p, s.b, k); feed(&p, s.b + k, s.n - k); }
            else for (uint32_t i = 0; i < s.n; i++) feed(&p, s.b + i, 1);
            int has_pong = memmem(p.ctl, p.ctl_len, "\x00\x07\x00\x00\x12\x34", 6) != NULL;
            int has_cs = memmem(p.ctl, p.ctl_len, "createStream", 12) != NULL;
            int has_fc = memmem(p.ctl, p.ctl_len, "FCPublish", 9) != NULL;
            int has_pub = memmem(p.ctl, p.ctl_len, "\x02\x00\x07publish", 10) != NULL;
            int good = p.state == ST_PUBLISHING && p.sid == 1 && p.ack_win == 1000 && p.in_chunk == 64 &&
                       p.in_len == 0 && has_pong && has_cs && has_fc && has_pub;
            if (!good) {
                fprintf(stderr, "selftest input (mode %d, split %u) FAILED: state %d sid %u ack %u chunk %u left %u "
                        "pong %d createStream %d FCPublish %d publish %d err %s\n", mode, k, p.state, p.sid, p.ack_win,
                        p.in_chunk, p.in_len, has_pong, has_cs, has_fc, has_pub, p.err ? p.err : "-");
                ok = 0;
            }
            if (p.state == ST_PUBLISHING) g_publishing--;
        }
    }
    /* malformed: an oversized command, and fmt 1 on a chunk stream never seen */
    sb_t bad = { 0 };
    uint8_t big[20] = { 0 };
    uint8_t hb[12] = { 3, 0, 0, 0, (MAX_CMD_MSG + 1) >> 16, (uint8_t)((MAX_CMD_MSG + 1) >> 8), (uint8_t)(MAX_CMD_MSG + 1), 20, 0, 0, 0, 0 };
    sb_put(&bad, hb, 12); sb_put(&bad, big, 20);
    st_reset(&p); feed(&p, bad.b, bad.n);
    if (p.state != ST_DEAD) ok = st_fail("oversized command");
    bad.n = 0; uint8_t f1[8] = { 0x40 | 9, 0, 0, 1, 0, 0, 1, 8 }; sb_put(&bad, f1, 8); sb_put(&bad, big, 1);
    st_reset(&p); feed(&p, bad.b, bad.n);
    if (p.state != ST_DEAD) ok = st_fail("fmt 1 first");
    g_failed = 0;
    st_reset(&p);
    free(s.b); free(bad.b);
    return ok;
}

/* The writer's output, read back by the input parser: messages larger than a chunk, fmt 0 then fmt 1
 * headers, an extended timestamp repeated on continuation chunks, and the bytes taken in pieces of 1,
 * 7, 997, 59999, 60000, 60013 bytes and all at once (msg_iov from any offset, as after partial writes). */
static int st_output(void) {
    static uint8_t body[150000];
    for (uint32_t i = 0; i < sizeof body; i++) body[i] = (uint8_t)(i * 13 + 5);
    const msg_t ms[4] = {
        { 9, CSID_VIDEO, 0, body, 150000 },            /* 3 chunks */
        { 9, CSID_VIDEO, 33, body + 7, 60000 },        /* exactly one chunk, fmt 1 */
        { 8, CSID_AUDIO, 0x01000000, body + 3, 61000 },/* fmt 0 extended, 2 chunks */
        { 8, CSID_AUDIO, 0x01000000 + 0x01000000, body + 1, 10 }, /* fmt 1, extended delta */
    };
    static const uint32_t pieces[] = { 1, 7, 997, 59999, 60000, 60013, 1u << 20 };
    int ok = 1;
    for (int pi = 0; pi < 7 && ok; pi++) {
        uint32_t piece = pieces[pi];
        pub_t w = { 0 };
        w.out_chunk = 60000; w.sid = 1;
        sb_t s = { 0 };
        for (int i = 0; i < 4; i++) {
            w.m = ms[i];
            start_msg(&w);
            while (w.off < w.total) {
                struct iovec iov[MAX_IOV];
                int k = msg_iov(&w, iov, MAX_IOV);
                uint32_t want = piece, got = 0;
                for (int j = 0; j < k && got < want; j++) {
                    uint32_t l = (uint32_t)iov[j].iov_len < want - got ? (uint32_t)iov[j].iov_len : want - got;
                    sb_put(&s, iov[j].iov_base, l);
                    got += l;
                }
                w.off += got;
            }
        }
        /* read it back: message boundaries via a tap on the parser's chunk streams */
        pub_t r = { 0 };
        for (int i = 0; i < MAX_ICS; i++) r.ics[i].csid = -1;
        r.state = ST_CMD; r.in_chunk = 60000; r.fd = -1;
        uint32_t used = 0;
        int seen = 0;
        while (used < s.n && ok) {
            int n = parse_chunk(&r, s.b + used, s.n - used);
            if (n <= 0) { ok = st_fail("writer output parse"); break; }
            used += (uint32_t)n;
            for (int i = 0; i < MAX_ICS; i++) {
                ics_t *c = &r.ics[i];
                if (c->csid < 0 || c->left || c->got == 0 || c->got != c->len) continue;
                const msg_t *m = &ms[seen];
                /* bodies of media are not kept by the parser: compare header fields, count bytes */
                if (c->csid != m->csid || c->type != m->type || c->len != m->len || c->ts != m->ts) {
                    fprintf(stderr, "selftest writer FAILED: message %d csid %d type %u len %u ts %u\n",
                            seen, c->csid, c->type, c->len, c->ts);
                    ok = 0;
                }
                c->got = 0;
                seen++;
            }
        }
        uint32_t want = 0;
        for (int i = 0; i < 4; i++) want += ms[i].len;
        uint32_t hdrs = (12 + 2) + 8 + (12 + 4 + 5) + (8 + 4);
        if (ok && (seen != 4 || s.n != want + hdrs)) {
            fprintf(stderr, "selftest writer FAILED: %d messages, %u bytes (want %u)\n", seen, s.n, want + hdrs);
            ok = 0;
        }
        /* the bodies: strip the headers at the known places and compare */
        if (ok) {
            uint32_t at = 0;
            for (int i = 0; i < 4 && ok; i++) {
                at += i == 0 ? 12 : i == 1 ? 8 : i == 2 ? 16 : 12;
                for (uint32_t b = 0; b < ms[i].len && ok; b += 60000) {
                    if (b) at += i == 2 ? 5 : 1;
                    uint32_t l = ms[i].len - b < 60000 ? ms[i].len - b : 60000;
                    if (memcmp(s.b + at, ms[i].body + b, l)) { fprintf(stderr, "selftest writer body %d FAILED\n", i); ok = 0; }
                    at += l;
                }
            }
        }
        for (int i = 0; i < MAX_ICS; i++) free(r.ics[i].buf);
        free(s.b);
    }
    return ok;
}

/* rtmp_load -P reads what -P writes. */
static int st_progress(void) {
    char path[] = "/tmp/rtmp_publish_selftest_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return st_fail("progress (mkstemp)");
    dprintf(fd, "total_size=100\ntotal_size=123456789\n");
    close(fd);
    long long v = progress_total_size(path);
    unlink(path);
    if (v != 123456789) return st_fail("progress file");
    return 1;
}

static int selftest(void) {
    int ok = st_amf();
    ok &= st_flv();
    ok &= st_input();
    ok &= st_output();
    ok &= st_progress();
    printf("selftest: amf0 connect, flv reader, server input (whole, every split, drip, malformed), "
           "writer read back (7 write sizes incl. 1-byte drip), progress file: %s\n", ok ? "ok" : "FAILED");
    return ok;
}

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
        "       rtmp_publish -S [-f clip.flv]\n"
        "  publisher i publishes app/<stream>i (i = 0..n-1); with -n 1 app/<stream>.\n"
        "  -d 0: the window lasts until SIGINT/SIGTERM (a signal also ends a -d window early; figures are kept).\n"
        "  -b: measure the server's CPU for this long before the first publisher (idle baseline).\n"
        "  -P: append total_size=<mean bytes sent per live publisher> once a second (for rtmp_load -P).\n"
        "  -F: no releaseStream/FCPublish before createStream.\n"
        "  -N: leave Nagle on (no TCP_NODELAY), as ffmpeg's RTMP output does; small frames may then share segments.\n"
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
    while ((opt = getopt(argc, argv, "u:f:n:s:r:T:w:d:t:c:FNp:b:P:o:Sh")) != -1) {
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
