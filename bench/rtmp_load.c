/*
 * rtmp_load: a lightweight RTMP play load generator (single thread, epoll, libc only).
 *
 * Each player: non-blocking TCP connect, simple handshake (C1 version bytes zero), connect,
 * WindowAckSize, createStream, play + SetBufferLength, then reads forever, parsing chunk
 * headers only (RTMP spec 5.3.1) to track SetChunkSize / WindowAckSize / pings / commands,
 * to spot the first complete video message and to send Acknowledgements.
 *
 * Phases: attach (connect at -r per second until every player has its first video message or
 * failed, or -T seconds), warmup (-w s), measurement window (-d s). With -p PID it samples the
 * server's /proc/PID/stat (utime+stime) and /proc/PID/status (VmRSS) before any player connects
 * and around the window; with -P FILE it takes the publisher's send rate from the total_size=
 * lines of an `ffmpeg -progress FILE` (ffmpeg's socket sends do not show in /proc/PID/io).
 * Players that are playing are read once per tick (-t, 200 ms): each recv() then moves many frames,
 * which keeps this tool's CPU well under the server's; starting players are served immediately.
 *
 * HTTP-FLV mode (-u http://host:port/app/stream.flv): each player sends one GET, then http_flv.h
 * parses the response head, the chunked or identity body and the FLV tags; the figures are the same
 * (first video = first complete video tag, bytes = everything received after the connect).
 *
 * Build: gcc -O2 -Wall -o rtmp_load rtmp_load.c   (http_flv.h next to it)
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

#include "http_flv.h"

#define RBUF_SIZE (256 * 1024)
#define OUT_CAP 4096
#define MAX_CS 8              /* chunk streams tracked per player */
#define MAX_CTRL_MSG 65536    /* largest control/command message we keep */
#define HS_SIZE 1536

enum { ST_CONNECTING, ST_HS, ST_RTMP, ST_HTTP, ST_DEAD };
enum { CMD_CONNECT = 1, CMD_CREATESTREAM = 2, CMD_PLAY = 3 };

/* Per chunk-stream state (RTMP 5.3.1.2: fields inherited by fmt 1-3 headers). */
typedef struct {
    int csid;               /* -1: free */
    uint32_t len, left;     /* message length, bytes still to come */
    uint8_t type;
    uint8_t ext;            /* last header carried an extended timestamp */
    uint32_t ts, delta;
    uint8_t v0, v1;         /* first two payload bytes (video frame type / AVC packet type) */
} cstream_t;

typedef struct {
    int fd, state, idx;
    double t_start, t_first_video, t_first_frame;
    uint64_t rx, rx_win0, rx_win1, last_ack_rx;
    uint32_t in_chunk, ack_win;
    uint32_t sid;
    uint64_t video_msgs, audio_msgs, vwin0, vwin1;
    uint32_t last_vts, vts_back; /* video timestamp sanity: count of backward steps */
    int8_t first_video_key;  /* first video message/tag has frame type 1 (keyframe) */
    int8_t first_frame_key;  /* first coded video frame is a keyframe */
    hf_t *hf;                /* HTTP-FLV mode: response parser */
    /* chunk header assembly */
    uint8_t hdr[18];
    int hdr_len;
    cstream_t cs[MAX_CS];
    cstream_t *cur;         /* chunk stream whose payload is being read */
    uint32_t chunk_left;
    uint8_t *msg;           /* control/command message being collected */
    uint32_t msg_cap;
    /* handshake */
    uint8_t *hs;
    int hs_len;
    /* output */
    uint8_t out[OUT_CAP];
    int out_len;
    int want_out;
    int ep;                 /* epoll set it is in: g_ep_fast or g_ep_bulk */
    const char *err;
} player_t;

static const char *g_host = "127.0.0.1", *g_app = "live", *g_stream = "livestream";
static char g_tcurl[1100];
static int g_http;                       /* -u http://...: HTTP-FLV players */
static char g_request[1400];             /* HTTP-FLV: the GET request every player sends */
static int g_port = 1935;
static int g_n = 100;
static double g_dur = 15, g_warm = 5, g_rate = 200, g_attach_timeout = 60, g_tick_ms = 200;
static double g_kbps_min = -1, g_base = 0;
static int g_srv_pid = 0;
static const char *g_pub_progress = NULL;
static const char *g_out_path = NULL;
static int g_ep_fast, g_ep_bulk; /* players still starting / playing (polled once per tick) */
static uint8_t g_rbuf[RBUF_SIZE];
static volatile sig_atomic_t g_stop = 0;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *m) { fprintf(stderr, "rtmp_load: %s\n", m); exit(2); }

/* ---------- /proc sampling ---------- */

static double proc_cpu_s(int pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* comm may contain spaces */
    if (!p) return -1;
    unsigned long ut = 0, st = 0;
    /* after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

static long proc_rss_kb(int pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6)) { kb = atol(line + 6); break; }
    fclose(f);
    return kb;
}

/* Last total_size= in an ffmpeg -progress file: bytes the publisher has written so far. */
static long long progress_total_size(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    static char buf[8192];
    fseek(f, 0, SEEK_END);
    long end = ftell(f);
    long from = end > (long)sizeof buf - 1 ? end - (long)sizeof buf + 1 : 0;
    fseek(f, from, SEEK_SET);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    long long v = -1;
    for (char *p = buf; (p = strstr(p, "total_size=")); p += 11) v = atoll(p + 11);
    return v;
}

static double self_cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ---------- output / message writing ---------- */

static void fail(player_t *p, const char *why);

static void out_append(player_t *p, const void *d, int n) {
    if (p->state == ST_DEAD) return;
    if (p->out_len + n > OUT_CAP) { fail(p, "output buffer full"); return; }
    memcpy(p->out + p->out_len, d, n);
    p->out_len += n;
}

static void set_events(player_t *p, int out) {
    if (p->want_out == out) return;
    struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = p };
    epoll_ctl(p->ep, EPOLL_CTL_MOD, p->fd, &ev);
    p->want_out = out;
}

static void flush_out(player_t *p) {
    if (p->fd < 0) { p->out_len = 0; return; } /* self-test player */
    while (p->state != ST_DEAD && p->out_len > 0) {
        ssize_t w = send(p->fd, p->out, p->out_len, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { set_events(p, 1); return; }
            if (errno == EINTR) continue;
            fail(p, "send failed");
            return;
        }
        memmove(p->out, p->out + w, p->out_len - w);
        p->out_len -= w;
    }
    if (p->state != ST_DEAD) set_events(p, 0);
}

static void be32(uint8_t *d, uint32_t v) { d[0] = v >> 24; d[1] = v >> 16; d[2] = v >> 8; d[3] = v; }

/* Queue one message, chunked at the default 128-byte chunk size (we never send SetChunkSize). */
static void send_msg(player_t *p, int csid, uint8_t type, uint32_t sid, const uint8_t *body, uint32_t len) {
    uint8_t h[12];
    h[0] = (uint8_t)csid; /* fmt 0, csid < 64 */
    h[1] = h[2] = h[3] = 0; /* timestamp 0 */
    h[4] = len >> 16; h[5] = len >> 8; h[6] = len;
    h[7] = type;
    h[8] = sid; h[9] = sid >> 8; h[10] = sid >> 16; h[11] = sid >> 24; /* little endian */
    out_append(p, h, 12);
    for (uint32_t off = 0; off < len; off += 128) {
        if (off) { uint8_t c = 0xC0 | csid; out_append(p, &c, 1); }
        out_append(p, body + off, len - off < 128 ? len - off : 128);
    }
}

/* AMF0 writers (AMF0 spec 2.x). */
typedef struct { uint8_t b[1024]; int n; } amf_t;
static void amf_str_raw(amf_t *a, const char *s) {
    size_t l = strlen(s);
    if (l > 500) l = 500;
    a->b[a->n++] = l >> 8; a->b[a->n++] = l;
    memcpy(a->b + a->n, s, l); a->n += l;
}
static void amf_str(amf_t *a, const char *s) { a->b[a->n++] = 0x02; amf_str_raw(a, s); }
static void amf_num(amf_t *a, double d) {
    uint64_t u; memcpy(&u, &d, 8);
    a->b[a->n++] = 0x00;
    for (int i = 7; i >= 0; i--) a->b[a->n++] = u >> (i * 8);
}
static void amf_bool(amf_t *a, int v) { a->b[a->n++] = 0x01; a->b[a->n++] = v ? 1 : 0; }
static void amf_null(amf_t *a) { a->b[a->n++] = 0x05; }
static void amf_obj_begin(amf_t *a) { a->b[a->n++] = 0x03; }
static void amf_obj_end(amf_t *a) { a->b[a->n++] = 0; a->b[a->n++] = 0; a->b[a->n++] = 0x09; }

static void send_connect(player_t *p) {
    /* WindowAckSize(5) then connect, as ffmpeg/librtmp do. */
    uint8_t w[4]; be32(w, 2500000);
    send_msg(p, 2, 5, 0, w, 4);
    amf_t a = { .n = 0 };
    amf_str(&a, "connect"); amf_num(&a, CMD_CONNECT);
    amf_obj_begin(&a);
    amf_str_raw(&a, "app"); amf_str(&a, g_app);
    amf_str_raw(&a, "flashVer"); amf_str(&a, "LNX 9,0,124,2");
    amf_str_raw(&a, "tcUrl"); amf_str(&a, g_tcurl);
    amf_str_raw(&a, "fpad"); amf_bool(&a, 0);
    amf_str_raw(&a, "capabilities"); amf_num(&a, 15);
    amf_str_raw(&a, "audioCodecs"); amf_num(&a, 4071);
    amf_str_raw(&a, "videoCodecs"); amf_num(&a, 252);
    amf_str_raw(&a, "videoFunction"); amf_num(&a, 1);
    amf_obj_end(&a);
    send_msg(p, 3, 20, 0, a.b, a.n);
}

static void send_create_stream(player_t *p) {
    amf_t a = { .n = 0 };
    amf_str(&a, "createStream"); amf_num(&a, CMD_CREATESTREAM); amf_null(&a);
    send_msg(p, 3, 20, 0, a.b, a.n);
}

static void send_play(player_t *p) {
    amf_t a = { .n = 0 };
    amf_str(&a, "play"); amf_num(&a, CMD_PLAY); amf_null(&a);
    amf_str(&a, g_stream); amf_num(&a, -2000);
    send_msg(p, 8, 20, p->sid, a.b, a.n);
    /* User control SetBufferLength (event 3): stream id, buffer ms (RTMP 7.1.7). */
    uint8_t u[10] = { 0, 3 };
    be32(u + 2, p->sid); be32(u + 6, 3000);
    send_msg(p, 2, 4, 0, u, 10);
}

/* ---------- lifecycle ---------- */

static int g_alive, g_failed, g_attached, g_lost, g_hs_done;
static player_t *g_feeding;  /* HTTP-FLV player whose parser is running: fail() keeps its hf */

static void fail(player_t *p, const char *why) {
    if (p->state == ST_DEAD) return;
    if (p->t_first_video == 0) g_failed++;
    else g_lost++; /* was playing, then lost */
    if (!p->err) p->err = why;
    p->state = ST_DEAD;
    epoll_ctl(p->ep, EPOLL_CTL_DEL, p->fd, NULL);
    close(p->fd);
    p->fd = -1;
    g_alive--;
    free(p->msg); p->msg = NULL;
    free(p->hs); p->hs = NULL;
    if (p->hf && g_feeding != p) { hf_free(p->hf); free(p->hf); p->hf = NULL; }
}

static int start_player(player_t *p, struct sockaddr_in *sa) {
    p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    p->t_start = now();
    p->in_chunk = 128;
    p->ack_win = 0;
    for (int i = 0; i < MAX_CS; i++) p->cs[i].csid = -1;
    if (p->fd < 0) { p->state = ST_DEAD; p->err = "socket() failed (fd limit?)"; g_failed++; return -1; }
    int one = 1;
    setsockopt(p->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    g_alive++;
    p->state = ST_CONNECTING;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = p };
    p->want_out = 1;
    p->ep = g_ep_fast;
    if (epoll_ctl(g_ep_fast, EPOLL_CTL_ADD, p->fd, &ev) < 0) { fail(p, "epoll_ctl failed"); return -1; }
    if (connect(p->fd, (struct sockaddr *)sa, sizeof *sa) < 0 && errno != EINPROGRESS) {
        fail(p, "connect failed");
        return -1;
    }
    return 0;
}

static void on_connected(player_t *p) {
    int err = 0; socklen_t l = sizeof err;
    getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) { fail(p, "connect refused/failed"); return; }
    if (g_http) {
        p->state = ST_HTTP;
        p->hf = malloc(sizeof *p->hf);
        if (!p->hf || hf_init(p->hf) < 0) { fail(p, "oom"); return; }
        out_append(p, g_request, (int)strlen(g_request));
        flush_out(p);
        return;
    }
    p->state = ST_HS;
    p->hs = malloc(1 + 2 * HS_SIZE);
    if (!p->hs) { fail(p, "oom"); return; }
    p->hs_len = 0;
    /* C0 = 3; C1 = time(4) + zero(4) + random(1528): the simple (non-digest) handshake. */
    uint8_t c[1 + HS_SIZE];
    c[0] = 3;
    memset(c + 1, 0, 8);
    for (int i = 9; i < 1 + HS_SIZE; i++) c[i] = (uint8_t)(rand() >> 7);
    out_append(p, c, sizeof c);
    flush_out(p);
}

/* ---------- incoming RTMP ---------- */

static double amf_read_num(const uint8_t *d, uint32_t n, uint32_t *off, int *ok) {
    if (*off + 9 > n || d[*off] != 0x00) { *ok = 0; return 0; }
    uint64_t u = 0;
    for (int i = 1; i <= 8; i++) u = (u << 8) | d[*off + i];
    *off += 9;
    double v; memcpy(&v, &u, 8);
    return v;
}

/* Skip one AMF0 value (only the simple kinds commands use before their interesting fields). */
static int amf_skip(const uint8_t *d, uint32_t n, uint32_t *off, int depth) {
    if (*off >= n || depth > 8) return 0;
    uint8_t t = d[(*off)++];
    switch (t) {
    case 0x00: if (*off + 8 > n) return 0; *off += 8; return 1;
    case 0x01: if (*off + 1 > n) return 0; *off += 1; return 1;
    case 0x02: { if (*off + 2 > n) return 0; uint32_t l = (d[*off] << 8) | d[*off + 1]; *off += 2 + l; return *off <= n; }
    case 0x05: case 0x06: return 1;
    case 0x08: if (*off + 4 > n) return 0; *off += 4; /* ecma array body is an object body */
        __attribute__((fallthrough));
    case 0x03:
        for (;;) {
            if (*off + 2 > n) return 0;
            uint32_t l = (d[*off] << 8) | d[*off + 1];
            *off += 2 + l;
            if (*off >= n) return 0;
            if (l == 0 && d[*off] == 0x09) { (*off)++; return 1; }
            if (!amf_skip(d, n, off, depth + 1)) return 0;
        }
    default: return 0;
    }
}

static void on_command(player_t *p, const uint8_t *d, uint32_t n) {
    uint32_t off = 0;
    if (n < 3 || d[0] != 0x02) return;
    uint32_t l = (d[1] << 8) | d[2];
    if (3 + l > n) return;
    char name[64];
    uint32_t cl = l < sizeof name - 1 ? l : sizeof name - 1;
    memcpy(name, d + 3, cl); name[cl] = 0;
    off = 3 + l;
    int ok = 1;
    double tid = amf_read_num(d, n, &off, &ok);
    if (!ok) return;
    if (!strcmp(name, "_result")) {
        if ((int)tid == CMD_CONNECT) {
            send_create_stream(p);
        } else if ((int)tid == CMD_CREATESTREAM) {
            if (!amf_skip(d, n, &off, 0)) { fail(p, "bad createStream _result"); return; }
            double sid = amf_read_num(d, n, &off, &ok);
            if (!ok) { fail(p, "createStream _result without stream id"); return; }
            p->sid = (uint32_t)sid;
            send_play(p);
        }
    } else if (!strcmp(name, "_error")) {
        fail(p, "server answered _error");
    } else if (!strcmp(name, "onStatus")) {
        /* look for an error level code in the info object: cheap substring scan */
        if (memmem(d, n, "NetStream.Play.StreamNotFound", 29) || memmem(d, n, "NetStream.Play.Failed", 21))
            fail(p, "play failed (onStatus)");
    }
}

/* A player that is playing leaves the fast set: from now on it is read once per tick. */
static void to_bulk(player_t *p) {
    if (p->ep == g_ep_bulk) return;
    epoll_ctl(p->ep, EPOLL_CTL_DEL, p->fd, NULL);
    p->ep = g_ep_bulk;
    struct epoll_event ev = { .events = EPOLLIN | (p->want_out ? EPOLLOUT : 0), .data.ptr = p };
    if (epoll_ctl(g_ep_bulk, EPOLL_CTL_ADD, p->fd, &ev) < 0) fail(p, "epoll_ctl failed");
}

static void on_message(player_t *p, cstream_t *c, const uint8_t *m, int have) {
    double t;
    switch (c->type) {
    case 1: /* SetChunkSize (5.4.1) */
        if (have && c->len >= 4) {
            uint32_t v = ((uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3]) & 0x7fffffff;
            if (v < 1) { fail(p, "bad chunk size"); return; }
            p->in_chunk = v;
        }
        break;
    case 2: /* Abort (5.4.2) */
        if (have && c->len >= 4) {
            int id = (int)((uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3]);
            for (int i = 0; i < MAX_CS; i++) if (p->cs[i].csid == id) p->cs[i].left = 0;
        }
        break;
    case 4: /* user control (7.1.7): answer PingRequest (6) with PingResponse (7) */
        if (have && c->len >= 6 && m[0] == 0 && m[1] == 6) {
            uint8_t r[6] = { 0, 7, m[2], m[3], m[4], m[5] };
            send_msg(p, 2, 4, 0, r, 6);
            flush_out(p);
        }
        break;
    case 5: /* WindowAckSize (5.4.4) */
        if (have && c->len >= 4) p->ack_win = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
        break;
    case 20: /* AMF0 command */
        if (have) { on_command(p, m, c->len); if (p->state != ST_DEAD) flush_out(p); }
        break;
    case 9:
        if (p->video_msgs && c->ts < p->last_vts) p->vts_back++;
        p->last_vts = c->ts;
        p->video_msgs++;
        if (p->t_first_video == 0) {
            p->t_first_video = now();
            p->first_video_key = c->len >= 1 && c->v0 >> 4 == 1;
            g_attached++;
        }
        /* first coded frame: AVC (codec 7) NALU packet (AVCPacketType 1), or any non-AVC frame */
        if (p->t_first_frame == 0 && c->len >= 2 && ((c->v0 & 0x0f) != 7 || c->v1 == 1)) {
            t = now();
            p->t_first_frame = t;
            p->first_frame_key = c->v0 >> 4 == 1;
            to_bulk(p);
        }
        break;
    case 8:
        p->audio_msgs++;
        break;
    }
}

static cstream_t *cs_get(player_t *p, int csid) {
    cstream_t *free_slot = NULL;
    for (int i = 0; i < MAX_CS; i++) {
        if (p->cs[i].csid == csid) return &p->cs[i];
        if (p->cs[i].csid < 0 && !free_slot) free_slot = &p->cs[i];
    }
    if (free_slot) { memset(free_slot, 0, sizeof *free_slot); free_slot->csid = csid; }
    return free_slot;
}

static int wants_body(uint8_t type) { return type == 1 || type == 2 || type == 4 || type == 5 || type == 20; }

static void msg_start(player_t *p, cstream_t *c) {
    c->left = c->len;
    if (wants_body(c->type)) {
        if (c->len > MAX_CTRL_MSG) { fail(p, "control message too large"); return; }
        if (c->len > p->msg_cap) {
            uint8_t *nm = realloc(p->msg, c->len ? c->len : 1);
            if (!nm) { fail(p, "oom"); return; }
            p->msg = nm; p->msg_cap = c->len;
        }
    }
    if (c->len == 0) on_message(p, c, p->msg, wants_body(c->type));
}

/* Returns the header size needed given the bytes assembled so far, or 0 when complete. */
static int hdr_need(player_t *p) {
    if (p->hdr_len < 1) return 1;
    int b = (p->hdr[0] & 0x3f) == 0 ? 2 : (p->hdr[0] & 0x3f) == 1 ? 3 : 1;
    static const int mh[4] = { 11, 7, 3, 0 };
    int fmt = p->hdr[0] >> 6;
    int base = b + mh[fmt];
    if (p->hdr_len < base) return base;
    int ext;
    if (fmt == 3) {
        int csid = b == 1 ? (p->hdr[0] & 0x3f) : b == 2 ? 64 + p->hdr[1] : 64 + p->hdr[1] + 256 * p->hdr[2];
        cstream_t *c = cs_get(p, csid);
        ext = c ? c->ext : 0;
    } else {
        const uint8_t *t = p->hdr + b;
        ext = t[0] == 0xff && t[1] == 0xff && t[2] == 0xff;
    }
    return ext ? base + 4 : base;
}

static void hdr_done(player_t *p) {
    const uint8_t *h = p->hdr;
    int b = (h[0] & 0x3f) == 0 ? 2 : (h[0] & 0x3f) == 1 ? 3 : 1;
    int csid = b == 1 ? (h[0] & 0x3f) : b == 2 ? 64 + h[1] : 64 + h[1] + 256 * h[2];
    int fmt = h[0] >> 6;
    cstream_t *c = cs_get(p, csid);
    if (!c) { fail(p, "too many chunk streams"); return; }
    const uint8_t *m = h + b;
    uint32_t t24 = fmt < 3 ? (uint32_t)m[0] << 16 | m[1] << 8 | m[2] : 0;
    int ext = fmt < 3 ? t24 == 0xffffff : c->ext;
    uint32_t extv = 0;
    if (ext) {
        const uint8_t *e = h + b + (fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0);
        extv = (uint32_t)e[0] << 24 | e[1] << 16 | e[2] << 8 | e[3];
    }
    int new_msg = c->left == 0;
    if (fmt < 3) {
        c->ext = ext;
        uint32_t tv = ext ? extv : t24;
        if (fmt == 0) c->ts = tv; else { c->delta = tv; c->ts += tv; }
        if (fmt <= 1) {
            c->len = (uint32_t)m[3] << 16 | m[4] << 8 | m[5];
            c->type = m[6];
        }
        new_msg = 1; /* fmt 0-2 always begin a message */
    } else if (new_msg) {
        c->ts += c->delta;
    }
    if (new_msg) {
        msg_start(p, c);
        if (p->state == ST_DEAD) return;
        if (c->len == 0) { p->hdr_len = 0; return; }
    }
    p->cur = c;
    p->chunk_left = c->left < p->in_chunk ? c->left : p->in_chunk;
    p->hdr_len = 0;
}

static void feed_rtmp(player_t *p, const uint8_t *d, size_t n) {
    while (n > 0 && p->state != ST_DEAD) {
        if (p->chunk_left == 0) {
            int need = hdr_need(p);
            while (need > p->hdr_len && n > 0) {
                int take = need - p->hdr_len;
                if ((size_t)take > n) take = (int)n;
                memcpy(p->hdr + p->hdr_len, d, take);
                p->hdr_len += take; d += take; n -= take;
                if (p->hdr_len == need) need = hdr_need(p);
            }
            if (need > p->hdr_len) return; /* header incomplete: wait for more */
            hdr_done(p);
            continue;
        }
        cstream_t *c = p->cur;
        uint32_t k = p->chunk_left < n ? p->chunk_left : (uint32_t)n;
        uint32_t off = c->len - c->left;
        if (wants_body(c->type)) memcpy(p->msg + off, d, k);
        else if (c->type == 9 && off < 2) {
            if (off == 0) { c->v0 = d[0]; if (k > 1) c->v1 = d[1]; }
            else c->v1 = d[0];
        }
        d += k; n -= k;
        p->chunk_left -= k;
        c->left -= k;
        if (c->left == 0) on_message(p, c, p->msg, wants_body(c->type));
    }
}

/* HTTP-FLV: one complete FLV tag (same bookkeeping as on_message for RTMP types 8 and 9). */
static void on_flv_tag(void *ctx, int type, uint32_t ts, uint32_t size, uint8_t b0, uint8_t b1) {
    player_t *p = ctx;
    if (type == 8) { p->audio_msgs++; return; }
    if (type != 9) return;
    if (p->video_msgs && ts < p->last_vts) p->vts_back++;
    p->last_vts = ts;
    p->video_msgs++;
    if (p->t_first_video == 0) {
        p->t_first_video = now();
        p->first_video_key = size >= 1 && b0 >> 4 == 1;
        g_attached++;
    }
    if (p->t_first_frame == 0 && size >= 2 && ((b0 & 0x0f) != 7 || b1 == 1)) {
        p->t_first_frame = now();
        p->first_frame_key = b0 >> 4 == 1;
        if (p->fd >= 0) to_bulk(p);
    }
    if (p->state == ST_DEAD) p->hf->state = HF_ERROR; /* stop parsing this buffer */
}

static void maybe_ack(player_t *p) {
    /* Acknowledgement (5.4.3) once half the peer's window is consumed (ffmpeg uses the window). */
    if (p->ack_win && p->rx - p->last_ack_rx >= p->ack_win / 2) {
        uint8_t b[4]; be32(b, (uint32_t)p->rx);
        send_msg(p, 2, 3, 0, b, 4);
        p->last_ack_rx = p->rx;
        flush_out(p);
    }
}

static void on_readable(player_t *p) {
    for (int rounds = 0; rounds < 4 && p->state != ST_DEAD; rounds++) {
        ssize_t r = recv(p->fd, g_rbuf, RBUF_SIZE, 0);
        if (r == 0) { fail(p, "server closed the connection"); return; }
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
            fail(p, "recv failed");
            return;
        }
        const uint8_t *d = g_rbuf;
        size_t n = (size_t)r;
        if (p->state == ST_HTTP) {
            p->rx += n;
            g_feeding = p;
            int rc = hf_feed(p->hf, d, n, on_flv_tag, p);
            g_feeding = NULL;
            if (p->state == ST_DEAD) { hf_free(p->hf); free(p->hf); p->hf = NULL; return; }
            if (rc < 0) { fail(p, p->hf->err); return; }
            if (p->hf->state == HF_DONE) { fail(p, "HTTP body ended"); return; }
            if (r < RBUF_SIZE) return;
            continue;
        }
        if (p->state == ST_HS) {
            size_t need = 1 + 2 * HS_SIZE - p->hs_len;
            size_t k = n < need ? n : need;
            memcpy(p->hs + p->hs_len, d, k);
            p->hs_len += k; d += k; n -= k;
            if (p->hs_len < 1 + 2 * HS_SIZE) { if (r < RBUF_SIZE) return; continue; }
            if (p->hs[0] != 3) { fail(p, "bad S0 version"); return; }
            out_append(p, p->hs + 1, HS_SIZE); /* C2 = echo of S1 */
            free(p->hs); p->hs = NULL;
            p->state = ST_RTMP;
            g_hs_done++;
            send_connect(p);
            flush_out(p);
        }
        p->rx += n;
        if (n) feed_rtmp(p, d, n);
        if (p->state == ST_DEAD) return;
        maybe_ack(p);
        if (r < RBUF_SIZE) return; /* drained */
    }
}

/* ---------- stats ---------- */

static void serve(player_t *p, uint32_t events) {
    if (p->state == ST_DEAD) return;
    if (p->state == ST_CONNECTING) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(p);
        return;
    }
    if (events & EPOLLOUT) flush_out(p);
    if (p->state != ST_DEAD && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) on_readable(p);
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double q) {
    if (n == 0) return -1;
    int i = (int)(q * (n - 1) + 0.5);
    return v[i];
}

static void usage(void) {
    fprintf(stderr,
        "usage: rtmp_load -u rtmp://host:port/app/stream|http://host:port/app/stream.flv [-n players]\n"
        "                 [-d window_s] [-w warmup_s]\n"
        "                 [-r connects_per_s] [-T attach_timeout_s] [-t tick_ms] [-k min_kbps]\n"
        "                 [-p server_pid] [-b baseline_s] [-P ffmpeg_progress_file] [-o results.json] | -S\n"
        "  -b: measure the server's CPU for this long before connecting (publisher-only baseline).\n"
        "  -S: run the chunk parser and HTTP-FLV parser self-tests and exit.\n"
        "  -u http://...: HTTP-FLV players (GET, chunked or identity body, FLV tags).\n"
        "  -k: a player is 'below' if its window kbps < this; default 90%% of the publisher's\n"
        "      send rate over the window (needs -P: the file of ffmpeg -progress), else none.\n"
        "  -t: playing players are read once per tick (default 200 ms); starting ones at once.\n");
    exit(2);
}

static void parse_url(const char *u) {
    static char buf[1024];
    if (!strncmp(u, "http://", 7)) {
        /* HTTP-FLV: host[:port]/path */
        g_http = 1;
        g_port = 80;
        snprintf(buf, sizeof buf, "%s", u + 7);
        char *slash = strchr(buf, '/');
        if (!slash) die("url needs a path");
        *slash = 0;
        snprintf(g_request, sizeof g_request, "GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: rtmp_load\r\nAccept: */*\r\n\r\n",
                 slash + 1, buf);
        char *colon = strchr(buf, ':');
        if (colon) { *colon = 0; g_port = atoi(colon + 1); }
        g_host = buf;
        g_app = "";
        g_stream = slash + 1;
        return;
    }
    if (strncmp(u, "rtmp://", 7)) die("url must start with rtmp:// or http://");
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

static void on_sig(int s) { (void)s; g_stop = 1; }

/* ---------- self-test of the chunk parser (-S) ---------- */

typedef struct { uint8_t b[8192]; int n; } sbuf_t;

static void st_basic(sbuf_t *s, int fmt, int csid) {
    if (csid < 64) s->b[s->n++] = fmt << 6 | csid;
    else if (csid < 320) { s->b[s->n++] = fmt << 6; s->b[s->n++] = csid - 64; }
    else { s->b[s->n++] = fmt << 6 | 1; s->b[s->n++] = (csid - 64) & 0xff; s->b[s->n++] = (csid - 64) >> 8; }
}

/* One chunk: header of format fmt (fields as given), then len payload bytes of value fill. */
static void st_chunk(sbuf_t *s, int fmt, int csid, uint32_t tsf, uint32_t mlen, uint8_t type, int ext,
                     const uint8_t *pay, int len) {
    st_basic(s, fmt, csid);
    uint32_t t24 = ext ? 0xffffff : tsf;
    if (fmt <= 2) { s->b[s->n++] = t24 >> 16; s->b[s->n++] = t24 >> 8; s->b[s->n++] = t24; }
    if (fmt <= 1) { s->b[s->n++] = mlen >> 16; s->b[s->n++] = mlen >> 8; s->b[s->n++] = mlen; s->b[s->n++] = type; }
    if (fmt == 0) { s->b[s->n++] = 1; s->b[s->n++] = 0; s->b[s->n++] = 0; s->b[s->n++] = 0; }
    if (ext) { be32(s->b + s->n, tsf); s->n += 4; }
    memcpy(s->b + s->n, pay, len); s->n += len;
}

static int st_check(player_t *p, const char *what) {
    int ok = p->state != ST_DEAD && p->video_msgs == 4 && p->audio_msgs == 2 && p->in_chunk == 100 &&
             p->ack_win == 1000 && p->t_first_video > 0 && p->t_first_frame > 0 && p->vts_back == 0 &&
             p->last_vts == 0x1000000 + 99 && p->sid == 1 && p->chunk_left == 0 && p->hdr_len == 0;
    if (!ok) fprintf(stderr, "selftest %s FAILED: state %d video %lu audio %lu chunk %u ack %u last_vts %u sid %u err %s\n",
                     what, p->state, (unsigned long)p->video_msgs, (unsigned long)p->audio_msgs, p->in_chunk, p->ack_win,
                     p->last_vts, p->sid, p->err ? p->err : "-");
    return ok;
}

static void st_reset(player_t *p) {
    free(p->msg);
    memset(p, 0, sizeof *p);
    p->fd = -1; p->state = ST_RTMP; p->in_chunk = 128;
    p->t_start = now();
    for (int i = 0; i < MAX_CS; i++) p->cs[i].csid = -1;
}

/* ---------- self-test of the HTTP-FLV parser (-S) ---------- */

static void sb_put(sbuf_t *s, const void *d, int n) { memcpy(s->b + s->n, d, n); s->n += n; }
static void sb_str(sbuf_t *s, const char *t) { sb_put(s, t, (int)strlen(t)); }

/* One FLV tag: 11-byte header, body (first bytes b0 b1, rest filler), PreviousTagSize. */
static void st_tag(sbuf_t *s, uint8_t type, uint32_t ts, uint32_t size, uint8_t b0, uint8_t b1) {
    uint8_t h[11] = { type, size >> 16, size >> 8, size, ts >> 16, ts >> 8, ts, ts >> 24, 0, 0, 0 };
    sb_put(s, h, 11);
    for (uint32_t i = 0; i < size; i++) s->b[s->n++] = i == 0 ? b0 : i == 1 ? b1 : (uint8_t)i;
    be32(s->b + s->n, 11 + size); s->n += 4;
}

/* The FLV stream every HTTP case carries: script, AVC sequence header, audio, key NALU, inter NALU
 * with an extended timestamp byte. */
static void st_flv(sbuf_t *s) {
    static const uint8_t hdr[13] = { 'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0 };
    sb_put(s, hdr, 13);
    st_tag(s, 18, 0, 20, 2, 0);
    st_tag(s, 9, 0, 30, 0x17, 0);
    st_tag(s, 8, 0, 7, 0xaf, 1);
    st_tag(s, 9, 0, 300, 0x17, 1);
    st_tag(s, 9, 0x01000005, 200, 0x27, 1);
}

/* Chunked body: sizes with leading zeros, both cases, an extension, then the last chunk. */
static void st_chunked(sbuf_t *out, const sbuf_t *flv) {
    static const int sizes[] = { 1, 12, 0x1f, 100, 0xab, 7 };
    int off = 0, i = 0;
    char line[64];
    while (off < flv->n) {
        int k = sizes[i % 6];
        if (k > flv->n - off) k = flv->n - off;
        if (i % 3 == 0) snprintf(line, sizeof line, "%06x\r\n", k);
        else if (i % 3 == 1) snprintf(line, sizeof line, "%X;name=value\r\n", k);
        else snprintf(line, sizeof line, "0%x\r\n", k);
        sb_str(out, line);
        sb_put(out, flv->b + off, k);
        sb_str(out, "\r\n");
        off += k; i++;
    }
    sb_str(out, "0000\r\n\r\n");
}

static void st_http_reset(player_t *p) {
    if (p->hf) { hf_free(p->hf); free(p->hf); }
    memset(p, 0, sizeof *p);
    p->fd = -1; p->state = ST_HTTP;
    p->t_start = now();
    p->hf = malloc(sizeof *p->hf);
    hf_init(p->hf);
}

static void st_http_feed(player_t *p, const uint8_t *d, int n) {
    if (p->state != ST_DEAD && hf_feed(p->hf, d, (size_t)n, on_flv_tag, p) < 0) p->state = ST_DEAD;
}

static int st_http_check(player_t *p, const char *what, int want_state) {
    int ok = p->state != ST_DEAD && p->hf->state == want_state && p->video_msgs == 3 && p->audio_msgs == 1 &&
             p->first_video_key == 1 && p->first_frame_key == 1 && p->t_first_frame > 0 &&
             p->last_vts == 0x01000005 && p->vts_back == 0;
    if (!ok) fprintf(stderr, "selftest http %s FAILED: state %d/%d video %lu audio %lu keys %d %d last_vts %u err %s\n",
                     what, p->state, p->hf->state, (unsigned long)p->video_msgs, (unsigned long)p->audio_msgs,
                     p->first_video_key, p->first_frame_key, p->last_vts, p->hf->err ? p->hf->err : "-");
    return ok;
}

/* Whole, split at every offset, one-byte drip. */
static int st_http_all(const sbuf_t *r, const char *what, int want_state) {
    player_t p = { 0 };
    int ok = 1;
    st_http_reset(&p); st_http_feed(&p, r->b, r->n); ok &= st_http_check(&p, what, want_state);
    for (int k = 1; k < r->n && ok; k++) {
        st_http_reset(&p); st_http_feed(&p, r->b, k); st_http_feed(&p, r->b + k, r->n - k);
        if (!st_http_check(&p, what, want_state)) { fprintf(stderr, "  split at offset %d\n", k); ok = 0; }
    }
    st_http_reset(&p); for (int k = 0; k < r->n; k++) st_http_feed(&p, r->b + k, 1); ok &= st_http_check(&p, what, want_state);
    hf_free(p.hf); free(p.hf);
    return ok;
}

/* Malformed input must stop the parser with an error, not crash or play. */
static int st_http_bad(const char *what, const sbuf_t *r) {
    player_t p = { 0 };
    st_http_reset(&p); st_http_feed(&p, r->b, r->n);
    int ok = p.state == ST_DEAD && p.hf->state == HF_ERROR;
    if (!ok) fprintf(stderr, "selftest http malformed '%s' FAILED: accepted\n", what);
    hf_free(p.hf); free(p.hf);
    return ok;
}

static int selftest_http(void) {
    static const char *head_chunked = "HTTP/1.1 200 OK\r\nServer: SRS\r\nContent-Type: video/x-flv\r\n"
                                      "transfer-encoding:  Chunked\r\nConnection: Close\r\n\r\n";
    static sbuf_t flv, r, bad;
    int ok = 1;
    flv.n = 0; st_flv(&flv);
    r.n = 0; sb_str(&r, head_chunked); st_chunked(&r, &flv);
    int chunked_len = r.n;
    ok &= st_http_all(&r, "chunked", HF_DONE);
    char h[200];
    snprintf(h, sizeof h, "HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n", flv.n);
    r.n = 0; sb_str(&r, h); sb_put(&r, flv.b, flv.n);
    ok &= st_http_all(&r, "content-length", HF_DONE);
    r.n = 0; sb_str(&r, "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\n\r\n"); sb_put(&r, flv.b, flv.n);
    ok &= st_http_all(&r, "until close", HF_BODY);
    /* malformed */
    bad.n = 0; sb_str(&bad, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    ok &= st_http_bad("404", &bad);
    bad.n = 0; sb_str(&bad, "ICY 200 OK\r\n\r\n");
    ok &= st_http_bad("not http", &bad);
    bad.n = 0; while (bad.n < HF_HEAD_MAX + 10) sb_str(&bad, "X-Pad: 0123456789\r\n");
    ok &= st_http_bad("head too large", &bad);
    bad.n = 0; sb_str(&bad, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    ok &= st_http_bad("gzip", &bad);
    bad.n = 0; sb_str(&bad, head_chunked); sb_str(&bad, "zz\r\n");
    ok &= st_http_bad("chunk size not hex", &bad);
    bad.n = 0; sb_str(&bad, head_chunked); sb_str(&bad, "FFFFFFFFFFFFFFFF\r\n");
    ok &= st_http_bad("chunk size too large", &bad);
    bad.n = 0; sb_str(&bad, head_chunked); sb_str(&bad, "3\r\nFLVxx\r\n");
    ok &= st_http_bad("chunk data without CRLF", &bad);
    bad.n = 0; sb_str(&bad, head_chunked); sb_str(&bad, "d\r\n"); sb_put(&bad, flv.b, 13); bad.b[bad.n - 11] = 'X';
    sb_str(&bad, "\r\n");
    ok &= st_http_bad("FLV signature", &bad);
    bad.n = 0; sb_str(&bad, "HTTP/1.1 200 OK\r\n\r\n"); sb_put(&bad, flv.b, 13 + 11 + 20 + 3);
    bad.b[bad.n++] = 0x99; /* PreviousTagSize of the script tag: 31, not 0x00000099 */
    ok &= st_http_bad("previous tag size", &bad);
    bad.n = 0; sb_str(&bad, "HTTP/1.1 200 OK\r\n\r\n"); sb_put(&bad, flv.b, 13);
    st_tag(&bad, 0x29, 0, 4, 0x17, 1); /* filter bit set */
    ok &= st_http_bad("tag type", &bad);
    printf("selftest http-flv: %d bytes chunked, split at every offset + drip, 3 framings, 10 malformed: %s\n",
           chunked_len, ok ? "ok" : "FAILED");
    return ok;
}

static int selftest(void) {
    sbuf_t s = { .n = 0 };
    uint8_t pay[300], w[4];
    for (int i = 0; i < 300; i++) pay[i] = (uint8_t)i;
    be32(w, 100); st_chunk(&s, 0, 2, 0, 4, 1, 0, w, 4);      /* SetChunkSize 100 */
    be32(w, 1000); st_chunk(&s, 1, 2, 0, 4, 5, 0, w, 4);     /* WindowAckSize 1000, fmt 1 */
    amf_t a = { .n = 0 };                                     /* _result(1) for connect, 130 bytes: 2 chunks */
    amf_str(&a, "_result"); amf_num(&a, 1); amf_obj_begin(&a);
    amf_str_raw(&a, "fmsVer"); amf_str(&a, "FMS/3,5,3,888"); amf_str_raw(&a, "pad");
    amf_str(&a, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    amf_obj_end(&a); amf_null(&a);
    st_chunk(&s, 0, 3, 0, a.n, 20, 0, a.b, 100);
    st_chunk(&s, 3, 3, 0, 0, 0, 0, a.b + 100, a.n - 100);
    amf_t r = { .n = 0 };                                     /* _result(2) for createStream: sid 1 */
    amf_str(&r, "_result"); amf_num(&r, 2); amf_null(&r); amf_num(&r, 1);
    st_chunk(&s, 0, 3, 0, r.n, 20, 0, r.b, r.n);
    uint8_t seq[250]; memcpy(seq, pay, 250); seq[0] = 0x17; seq[1] = 0;   /* AVC sequence header */
    /* video 250 bytes on csid 6, extended timestamp, chunks interleaved with audio on csid 70 */
    st_chunk(&s, 0, 6, 0x1000000, 250, 9, 1, seq, 100);
    st_chunk(&s, 0, 70, 5, 30, 8, 0, pay, 30);               /* audio, 2-byte basic header */
    st_chunk(&s, 3, 6, 0x1000000, 0, 0, 1, seq + 100, 100);   /* fmt 3 repeats the extended timestamp */
    st_chunk(&s, 3, 6, 0x1000000, 0, 0, 1, seq + 200, 50);
    uint8_t fr[150]; memcpy(fr, pay, 150); fr[0] = 0x27; fr[1] = 1;      /* AVC NALU */
    st_chunk(&s, 1, 6, 33, 150, 9, 0, fr, 100);               /* fmt 1: delta 33 */
    st_chunk(&s, 3, 6, 0, 0, 0, 0, fr + 100, 50);
    st_chunk(&s, 2, 6, 33, 0, 0, 0, fr, 100);                 /* fmt 2: same length, delta 33 */
    st_chunk(&s, 3, 6, 0, 0, 0, 0, fr + 100, 50);
    st_chunk(&s, 3, 6, 0, 0, 0, 0, fr, 100);                  /* fmt 3 starting a message: delta again */
    st_chunk(&s, 3, 6, 0, 0, 0, 0, fr + 100, 50);
    st_chunk(&s, 0, 400, 7, 2, 8, 0, pay, 2);                 /* audio on csid 400 (3-byte basic header) */
    player_t p = { 0 };
    int ok = 1;
    st_reset(&p); feed_rtmp(&p, s.b, s.n); ok &= st_check(&p, "whole");
    for (int k = 1; k < s.n; k++) {
        st_reset(&p); feed_rtmp(&p, s.b, k); feed_rtmp(&p, s.b + k, s.n - k);
        if (!st_check(&p, "split")) { fprintf(stderr, "  at offset %d\n", k); ok = 0; break; }
    }
    st_reset(&p); for (int k = 0; k < s.n; k++) feed_rtmp(&p, s.b + k, 1); ok &= st_check(&p, "drip");
    /* malformed: a control message longer than we accept must fail the player, not crash */
    sbuf_t bad = { .n = 0 };
    st_chunk(&bad, 0, 2, 0, MAX_CTRL_MSG + 1, 20, 0, pay, 10);
    st_reset(&p); feed_rtmp(&p, bad.b, bad.n);
    if (p.state != ST_DEAD) { fprintf(stderr, "selftest oversized FAILED\n"); ok = 0; }
    /* too many chunk streams */
    sbuf_t many = { .n = 0 };
    for (int c = 10; c < 10 + MAX_CS + 1; c++) st_chunk(&many, 0, c, 0, 1, 8, 0, pay, 1);
    st_reset(&p); feed_rtmp(&p, many.b, many.n);
    if (p.state != ST_DEAD) { fprintf(stderr, "selftest many-csid FAILED\n"); ok = 0; }
    free(p.msg);
    printf("selftest: %d bytes, %d split points + drip: %s\n", s.n, s.n - 1, ok ? "ok" : "FAILED");
    ok &= selftest_http();
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    int opt;
    const char *url = NULL;
    while ((opt = getopt(argc, argv, "u:n:d:w:r:T:t:k:p:P:o:b:Sh")) != -1) {
        switch (opt) {
        case 'S': return selftest();
        case 'u': url = optarg; break;
        case 'n': g_n = atoi(optarg); break;
        case 'd': g_dur = atof(optarg); break;
        case 'w': g_warm = atof(optarg); break;
        case 'r': g_rate = atof(optarg); break;
        case 'T': g_attach_timeout = atof(optarg); break;
        case 't': g_tick_ms = atof(optarg); break;
        case 'k': g_kbps_min = atof(optarg); break;
        case 'p': g_srv_pid = atoi(optarg); break;
        case 'P': g_pub_progress = optarg; break;
        case 'o': g_out_path = optarg; break;
        case 'b': g_base = atof(optarg); break;
        default: usage();
        }
    }
    if (!url || g_n < 1 || g_dur <= 0 || g_rate <= 0) usage();
    parse_url(url);
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned)getpid());

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rlim_t want = (rlim_t)g_n + 64;
    if (rl.rlim_cur < want) {
        rl.rlim_cur = want;
        if (rl.rlim_max < want) rl.rlim_max = want; /* works as root */
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0) fprintf(stderr, "rtmp_load: warning: cannot raise RLIMIT_NOFILE to %lu\n", (unsigned long)want);
    }

    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(g_port) };
    if (inet_pton(AF_INET, g_host, &sa.sin_addr) != 1) {
        struct hostent *he = gethostbyname(g_host);
        if (!he) die("cannot resolve host");
        memcpy(&sa.sin_addr, he->h_addr_list[0], 4);
    }

    player_t *ps = calloc(g_n, sizeof *ps);
    if (!ps) die("oom");
    g_ep_fast = epoll_create1(EPOLL_CLOEXEC);
    g_ep_bulk = epoll_create1(EPOLL_CLOEXEC);

    /* Baseline: the server's CPU with the publisher only, before any player connects. */
    double base_rate = -1;
    if (g_srv_pid && g_base > 0) {
        double c0 = proc_cpu_s(g_srv_pid), b0 = now();
        struct timespec ts = { (time_t)g_base, (long)((g_base - (time_t)g_base) * 1e9) };
        nanosleep(&ts, NULL);
        base_rate = (proc_cpu_s(g_srv_pid) - c0) / (now() - b0);
    }
    long rss0 = g_srv_pid ? proc_rss_kb(g_srv_pid) : -1;
    double t0 = now();
    int started = 0;
    enum { PH_ATTACH, PH_WARM, PH_MEASURE, PH_DONE } phase = PH_ATTACH;
    double t_attached = 0, t_win0 = 0, t_win1 = 0, srv_cpu0 = 0, srv_cpu1 = 0, self0 = 0, self1 = 0;
    long rss_win0 = -1, rss_win1 = -1, rss_max = -1;
    long long pub_w0 = -1, pub_w1 = -1;
    double next_bulk = t0, next_rss = 0;
    int timed_out = 0;
    struct epoll_event evs[512];

    fprintf(stderr, "rtmp_load: %d %s players -> %s:%d app=%s stream=%s, ramp %.0f/s\n", g_n, g_http ? "HTTP-FLV" : "RTMP",
            g_host, g_port, g_app, g_stream, g_rate);
    while (phase != PH_DONE && !g_stop) {
        double t = now();
        /* ramp: start the players due by now */
        while (started < g_n && started < (int)((t - t0) * g_rate) + 1) {
            ps[started].idx = started;
            start_player(&ps[started], &sa);
            started++;
        }
        if (phase == PH_ATTACH) {
            int settled = started == g_n && g_attached + g_failed >= g_n;
            int late = started == g_n && t - t0 > g_n / g_rate + g_attach_timeout;
            if (settled || late) {
                timed_out = !settled;
                t_attached = t;
                phase = PH_WARM;
                fprintf(stderr, "rtmp_load: attach phase over after %.1f s: %d playing, %d failed%s\n",
                        t - t0, g_attached, g_failed, timed_out ? " (timeout)" : "");
                if (g_alive == 0) break; /* nobody to measure */
            }
        } else if (phase == PH_WARM && t - t_attached >= g_warm) {
            phase = PH_MEASURE;
            t_win0 = now();
            for (int i = 0; i < g_n; i++) { ps[i].rx_win0 = ps[i].rx; ps[i].vwin0 = ps[i].video_msgs; }
            self0 = self_cpu_s();
            if (g_srv_pid) { srv_cpu0 = proc_cpu_s(g_srv_pid); rss_win0 = proc_rss_kb(g_srv_pid); rss_max = rss_win0; }
            if (g_pub_progress) pub_w0 = progress_total_size(g_pub_progress);
        } else if (phase == PH_MEASURE) {
            if (g_srv_pid && t >= next_rss) {
                long r = proc_rss_kb(g_srv_pid);
                if (r > rss_max) rss_max = r;
                next_rss = t + 1;
            }
            if (t - t_win0 >= g_dur) {
                t_win1 = now();
                self1 = self_cpu_s();
                if (g_srv_pid) { srv_cpu1 = proc_cpu_s(g_srv_pid); rss_win1 = proc_rss_kb(g_srv_pid); }
                if (g_pub_progress) pub_w1 = progress_total_size(g_pub_progress);
                for (int i = 0; i < g_n; i++) { ps[i].rx_win1 = ps[i].rx; ps[i].vwin1 = ps[i].video_msgs; }
                phase = PH_DONE;
                break;
            }
        }
        /* Starting players are served as soon as they are ready (first-frame timing); playing ones
         * are drained once per tick, so each recv() moves many frames (keeps this tool cheap). */
        double wait_s = next_bulk - t;
        if (started < g_n) { double dc = (started + 1) / g_rate - (t - t0); if (dc < wait_s) wait_s = dc; }
        if (wait_s > 0.1) wait_s = 0.1;
        int timeout = wait_s > 0 ? (int)(wait_s * 1000) + 1 : 0;
        int ne = epoll_wait(g_ep_fast, evs, 512, timeout);
        for (int i = 0; i < ne; i++) serve(evs[i].data.ptr, evs[i].events);
        if (now() >= next_bulk) {
            for (int round = 0; round <= g_n / 512; round++) {
                int nb = epoll_wait(g_ep_bulk, evs, 512, 0);
                for (int i = 0; i < nb; i++) serve(evs[i].data.ptr, evs[i].events);
                if (nb < 512) break;
            }
            next_bulk += g_tick_ms / 1000.0;
            if (next_bulk < now()) next_bulk = now() + g_tick_ms / 1000.0;
        }
    }

    /* ---------- results ---------- */
    int n_ok = 0, below = 0, dead_in_window = 0;
    double *ff = malloc(sizeof(double) * g_n), *ffr = malloc(sizeof(double) * g_n), *kb = malloc(sizeof(double) * g_n);
    int nff = 0, nffr = 0, nkb = 0;
    double win = t_win1 - t_win0;
    double pub_kbps = (pub_w0 >= 0 && pub_w1 >= 0 && win > 0) ? (pub_w1 - pub_w0) * 8.0 / 1000.0 / win : -1;
    double thr = g_kbps_min >= 0 ? g_kbps_min : (pub_kbps > 0 ? 0.9 * pub_kbps : -1);
    double vfps_sum = 0;
    long vts_back = 0;
    const char *first_err = NULL;
    int n_err = 0, n_vkey = 0, n_fkey = 0;
    for (int i = 0; i < started; i++) {
        player_t *p = &ps[i];
        if (p->t_first_video > 0) { ff[nff++] = (p->t_first_video - p->t_start) * 1000; n_ok++; }
        if (p->t_first_frame > 0) ffr[nffr++] = (p->t_first_frame - p->t_start) * 1000;
        if (p->t_first_video > 0 && p->first_video_key) n_vkey++;
        if (p->t_first_frame > 0 && p->first_frame_key) n_fkey++;
        if (p->err) { n_err++; if (!first_err) first_err = p->err; }
        vts_back += p->vts_back;
        if (win > 0) {
            double k = (p->rx_win1 - p->rx_win0) * 8.0 / 1000.0 / win;
            if (p->state == ST_DEAD) dead_in_window++;
            kb[nkb++] = k;
            if (thr >= 0 && (k < thr || p->state == ST_DEAD)) below++;
            vfps_sum += (p->vwin1 - p->vwin0) / win;
        }
    }
    qsort(ff, nff, sizeof(double), cmp_d);
    qsort(ffr, nffr, sizeof(double), cmp_d);
    qsort(kb, nkb, sizeof(double), cmp_d);
    int playing_end = g_alive;
    double srv_cpu_rate = (g_srv_pid && win > 0) ? (srv_cpu1 - srv_cpu0) / win : -1;
    double self_rate = win > 0 ? (self1 - self0) / win : -1;
    double per1000 = srv_cpu_rate >= 0 && playing_end > 0 ? srv_cpu_rate * 1000.0 / playing_end : -1;
    double rss_pp = (rss0 >= 0 && rss_win1 >= 0 && playing_end > 0) ? (double)(rss_win1 - rss0) / playing_end : -1;
    double self_per1000 = self_rate >= 0 && playing_end > 0 ? self_rate * 1000.0 / playing_end : -1;
    double net1000 = per1000 >= 0 && base_rate >= 0 ? (srv_cpu_rate - base_rate) * 1000.0 / playing_end : -1;

    printf("players: %d requested, %d got video, %d failed before video, %d alive at end%s\n",
           g_n, n_ok, g_failed, playing_end, timed_out ? " (attach timed out)" : "");
    if (n_err) printf("errors: %d players, first: %s\n", n_err, first_err);
    printf("first video message ms: p50 %.1f p95 %.1f max %.1f\n", pct(ff, nff, .5), pct(ff, nff, .95), nff ? ff[nff - 1] : -1);
    printf("first coded video frame ms: p50 %.1f p95 %.1f max %.1f\n", pct(ffr, nffr, .5), pct(ffr, nffr, .95), nffr ? ffr[nffr - 1] : -1);
    printf("keyframe first: first video message %d of %d, first coded frame %d of %d\n", n_vkey, nff, n_fkey, nffr);
    printf("window %.1f s: per-player kbps min %.0f p50 %.0f max %.0f; video msgs/s per player %.1f\n",
           win, nkb ? kb[0] : -1, pct(kb, nkb, .5), nkb ? kb[nkb - 1] : -1, nkb ? vfps_sum / nkb : -1);
    if (vts_back) printf("warning: %ld backward video timestamp steps seen\n", vts_back);
    printf("publisher kbps %.0f, threshold kbps %.0f, players below threshold %d (dead in window %d)\n",
           pub_kbps, thr, below, dead_in_window);
    if (g_srv_pid)
        printf("server: cpu %.3f s/s (%.3f per 1000 players; without players %.3f s/s, net %.3f per 1000), rss before %ld kB, window start %ld, end %ld, max %ld; %.1f kB/player\n",
               srv_cpu_rate, per1000, base_rate, net1000, rss0, rss_win0, rss_win1, rss_max, rss_pp);
    printf("load tool: cpu %.3f s/s (%.3f per 1000 players)\n", self_rate, self_per1000);

    if (g_out_path) {
        FILE *f = fopen(g_out_path, "w");
        if (!f) die("cannot write -o file");
        fprintf(f, "{\n");
        fprintf(f, "  \"players\": %d,\n  \"got_video\": %d,\n  \"failed\": %d,\n  \"alive_end\": %d,\n  \"attach_timeout\": %d,\n",
                g_n, n_ok, g_failed, playing_end, timed_out);
        fprintf(f, "  \"first_video_p50_ms\": %.1f,\n  \"first_video_p95_ms\": %.1f,\n  \"first_video_max_ms\": %.1f,\n",
                pct(ff, nff, .5), pct(ff, nff, .95), nff ? ff[nff - 1] : -1);
        fprintf(f, "  \"first_frame_p50_ms\": %.1f,\n  \"first_frame_p95_ms\": %.1f,\n  \"first_frame_max_ms\": %.1f,\n",
                pct(ffr, nffr, .5), pct(ffr, nffr, .95), nffr ? ffr[nffr - 1] : -1);
        fprintf(f, "  \"window_s\": %.2f,\n  \"kbps_min\": %.0f,\n  \"kbps_p50\": %.0f,\n  \"kbps_max\": %.0f,\n  \"video_fps_avg\": %.2f,\n",
                win, nkb ? kb[0] : -1, pct(kb, nkb, .5), nkb ? kb[nkb - 1] : -1, nkb ? vfps_sum / nkb : -1);
        fprintf(f, "  \"publisher_kbps\": %.0f,\n  \"threshold_kbps\": %.0f,\n  \"below\": %d,\n  \"dead_in_window\": %d,\n",
                pub_kbps, thr, below, dead_in_window);
        fprintf(f, "  \"server_cpu_s_per_s\": %.4f,\n  \"server_cpu_per_1000\": %.4f,\n", srv_cpu_rate, per1000);
        fprintf(f, "  \"server_idle_cpu_s_per_s\": %.4f,\n  \"server_net_cpu_per_1000\": %.4f,\n", base_rate, net1000);
        fprintf(f, "  \"server_rss0_kb\": %ld,\n  \"server_rss_kb\": %ld,\n  \"server_rss_max_kb\": %ld,\n  \"rss_kb_per_player\": %.1f,\n",
                rss0, rss_win1, rss_max, rss_pp);
        fprintf(f, "  \"load_cpu_s_per_s\": %.4f,\n  \"load_cpu_per_1000\": %.4f,\n", self_rate, self_per1000);
        fprintf(f, "  \"video_ts_backward\": %ld,\n", vts_back);
        fprintf(f, "  \"mode\": \"%s\",\n  \"first_video_key\": %d,\n  \"first_frame_key\": %d,\n",
                g_http ? "http-flv" : "rtmp", n_vkey, n_fkey);
        fprintf(f, "  \"first_error\": \"%s\"\n}\n", first_err ? first_err : "");
        fclose(f);
    }

    for (int i = 0; i < started; i++)
        if (ps[i].state != ST_DEAD) {
            close(ps[i].fd); free(ps[i].msg); free(ps[i].hs);
            if (ps[i].hf) { hf_free(ps[i].hf); free(ps[i].hf); }
        }
    free(ps); free(ff); free(ffr); free(kb);
    return (g_stop || n_ok == 0) ? 1 : 0;
}
