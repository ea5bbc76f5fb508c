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
 * With -m M the players spread over M streams: player i plays <stream><i % M> (HTTP-FLV: the index goes
 * before the extension, live/livestream3.flv), the names rtmp_publish -n M publishes; -m 1 (default)
 * plays the URL's stream as it is.
 *
 * With -L K -l FILE the first K players measure publish-to-play latency (rtmp_load_latency.h).
 *
 * Build: gcc -O2 -Wall -o rtmp_load rtmp_load.c   (http_flv.h, rtmp_amf_read.h and rtmp_load_*.h next to it)
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
static char g_http_host[1024];           /* HTTP-FLV: host[:port] for the Host header */
static int g_streams = 1;                /* -m: players spread over this many streams */
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

/* The stream player idx plays: the URL's stream, or with -m M > 1 <stream><idx % M> (HTTP-FLV: the
 * index goes before the extension of the path's last component). */
static void stream_name(int idx, char *buf, size_t n) {
    if (g_streams <= 1) { snprintf(buf, n, "%s", g_stream); return; }
    int k = idx % g_streams;
    const char *dot = g_http ? strrchr(g_stream, '.') : NULL;
    const char *slash = strrchr(g_stream, '/');
    if (dot && (!slash || dot > slash)) snprintf(buf, n, "%.*s%d%s", (int)(dot - g_stream), g_stream, k, dot);
    else snprintf(buf, n, "%s%d", g_stream, k);
}

#include "rtmp_load_proc.h"
#include "rtmp_load_out.h"
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
        if (g_streams > 1) {
            char name[1100], req[2400];
            stream_name(p->idx, name, sizeof name);
            snprintf(req, sizeof req, "GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: rtmp_load\r\nAccept: */*\r\n\r\n",
                     name, g_http_host);
            out_append(p, req, (int)strlen(req));
        } else {
            out_append(p, g_request, (int)strlen(g_request));
        }
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

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double q) {
    if (n == 0) return -1;
    int i = (int)(q * (n - 1) + 0.5);
    return v[i];
}

#include "rtmp_load_latency.h"
#include "rtmp_load_in.h"

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

static void usage(void) {
    fprintf(stderr,
        "usage: rtmp_load -u rtmp://host:port/app/stream|http://host:port/app/stream.flv [-n players]\n"
        "                 [-d window_s] [-w warmup_s]\n"
        "                 [-r connects_per_s] [-T attach_timeout_s] [-t tick_ms] [-k min_kbps] [-m streams]\n"
        "                 [-p server_pid] [-b baseline_s] [-P ffmpeg_progress_file] [-o results.json]\n"
        "                 [-L probes -l send_log] | -S\n"
        "  -b: measure the server's CPU for this long before connecting (publisher-only baseline).\n"
        "  -S: run the chunk parser and HTTP-FLV parser self-tests and exit.\n"
        "  -u http://...: HTTP-FLV players (GET, chunked or identity body, FLV tags).\n"
        "  -k: a player is 'below' if its window kbps < this; default 90%% of the publisher's\n"
        "      send rate over the window (needs -P: the file of ffmpeg -progress), else none.\n"
        "  -t: playing players are read once per tick (default 200 ms); starting ones at once.\n"
        "  -m M: player i plays <stream><i %% M> (HTTP-FLV: <path><i %% M>.flv), as rtmp_publish -n M names them.\n"
        "  -L K -l FILE: publish-to-play latency: players 0..K-1 are read at once (not per tick), their video\n"
        "      messages in the window are matched by timestamp with FILE, rtmp_publish -L's send log\n"
        "      (the server must pass timestamps through: play { time_jitter off; }).\n");
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
        snprintf(g_http_host, sizeof g_http_host, "%s", buf);
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

#include "rtmp_load_selftest.h"

int main(int argc, char **argv) {
    int opt;
    const char *url = NULL;
    while ((opt = getopt(argc, argv, "u:n:d:w:r:T:t:k:p:P:o:b:m:L:l:Sh")) != -1) {
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
        case 'm': g_streams = atoi(optarg); break;
        case 'L': g_probes = atoi(optarg); break;
        case 'l': g_send_log = optarg; break;
        default: usage();
        }
    }
    if (!url || g_n < 1 || g_dur <= 0 || g_rate <= 0 || g_streams < 1 || g_probes < 0) usage();
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
    long long syscw0 = -1, syscw1 = -1;
    long long pub_w0 = -1, pub_w1 = -1;
    double next_bulk = t0, next_rss = 0;
    int timed_out = 0;
    struct epoll_event evs[512];

    fprintf(stderr, "rtmp_load: %d %s players -> %s:%d app=%s stream=%s%s, ramp %.0f/s\n", g_n, g_http ? "HTTP-FLV" : "RTMP",
            g_host, g_port, g_app, g_stream, g_streams > 1 ? " (spread over -m streams)" : "", g_rate);
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
            g_lat_on = 1;
            self0 = self_cpu_s();
            if (g_srv_pid) {
                srv_cpu0 = proc_cpu_s(g_srv_pid); rss_win0 = proc_rss_kb(g_srv_pid); rss_max = rss_win0;
                syscw0 = proc_syscw(g_srv_pid);
            }
            if (g_pub_progress) pub_w0 = progress_total_size(g_pub_progress);
            fprintf(stderr, "rtmp_load: window start (%d playing)\n", g_alive);
        } else if (phase == PH_MEASURE) {
            if (g_srv_pid && t >= next_rss) {
                long r = proc_rss_kb(g_srv_pid);
                if (r > rss_max) rss_max = r;
                next_rss = t + 1;
            }
            if (t - t_win0 >= g_dur) {
                t_win1 = now();
                self1 = self_cpu_s();
                if (g_srv_pid) { srv_cpu1 = proc_cpu_s(g_srv_pid); rss_win1 = proc_rss_kb(g_srv_pid); syscw1 = proc_syscw(g_srv_pid); }
                if (g_pub_progress) pub_w1 = progress_total_size(g_pub_progress);
                for (int i = 0; i < g_n; i++) { ps[i].rx_win1 = ps[i].rx; ps[i].vwin1 = ps[i].video_msgs; }
                g_lat_on = 0;
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
    /* The server's write-type system calls per player per second (one writev per merged batch). */
    double writes_pp = (syscw0 >= 0 && syscw1 >= syscw0 && win > 0 && playing_end > 0)
        ? (double)(syscw1 - syscw0) / win / playing_end : -1;

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
    if (g_srv_pid) printf("server: %.1f write system calls per player per second\n", writes_pp);
    printf("load tool: cpu %.3f s/s (%.3f per 1000 players)\n", self_rate, self_per1000);
    lat_result_t lat = lat_measure();
    if (g_probes && g_send_log)
        printf("publish-to-play latency (%d probes, %d video messages, %d unmatched): p50 %.2f p99 %.2f max %.2f ms\n",
               g_probes < g_n ? g_probes : g_n, lat.samples, lat.unmatched, lat.p50, lat.p99, lat.max);

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
        fprintf(f, "  \"server_writes_per_player_s\": %.2f,\n", writes_pp);
        fprintf(f, "  \"load_cpu_s_per_s\": %.4f,\n  \"load_cpu_per_1000\": %.4f,\n", self_rate, self_per1000);
        fprintf(f, "  \"video_ts_backward\": %ld,\n", vts_back);
        fprintf(f, "  \"latency_samples\": %d,\n  \"latency_unmatched\": %d,\n", lat.samples, lat.unmatched);
        fprintf(f, "  \"latency_p50_ms\": %.2f,\n  \"latency_p99_ms\": %.2f,\n  \"latency_max_ms\": %.2f,\n",
                lat.p50, lat.p99, lat.max);
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
