/*
 * hls_watch: how long after the keyframe that closes an HLS segment its .ts file is on disk.
 *
 * One HTTP-FLV player (http_flv.h) reads the stream eagerly and records the wall-clock arrival
 * (CLOCK_REALTIME) of every video frame with its FLV timestamp (the server must pass the
 * publisher's timestamps through, play.time_jitter off, and forward at once, min_latency on).
 * Every 10 ms (-t) the HLS directory (-D) is scanned; each new `.ts` gets its first-seen time and
 * its mtime (the server writes a temporary file and renames it when the segment closes, so the
 * mtime is the end of the write). The segment's video DTS are read from its PES headers
 * (ISO/IEC 13818-1 2.4.3.7: stream_id 0xE0-0xEF, PTS_DTS_flags); DTS/90 is the FLV timestamp
 * (SRS writes dts = ts x 90). The segment was closed by the first keyframe after its last frame.
 *
 * Two clocks for that keyframe:
 *   - its schedule: the publisher (ffmpeg -re) sends the frame of timestamp ts at T0 + ts; every
 *     frame reaches the player at or after its schedule, so T0 = min(arrival - ts) over the frames
 *     after the GOP-cache burst. lag = mtime - (T0 + ts): an upper bound, as it includes the
 *     publisher's own lateness (the spread of arrival - ts - T0 is printed, ~10 ms);
 *   - its arrival at the player: a lower bound, since a server that writes the segment before it
 *     forwards the keyframe always shows a lag <= 0.
 * Segments that appear in the first -w seconds (the GOP cache burst) are ignored. Also checks
 * that each segment starts on a keyframe the player saw (same timestamp). -F FILE dumps every
 * frame as "ts arrival_s offset_ms" for a closer look.
 *
 * Build: gcc -O2 -Wall -o hls_watch hls_watch.c   (http_flv.h next to it)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http_flv.h"

#define MAX_KEYS 4096
#define MAX_SEGS 1024

typedef struct { uint32_t ts; double at; } key_t_;
typedef struct {
    char name[256];
    double seen, mtime;
    int64_t first_dts, last_dts;  /* ms, -1 when the file has no video PES */
    long bytes;
    int ignored;
} seg_t;

static key_t_ g_keys[MAX_KEYS];
static int g_nkeys;
static seg_t g_segs[MAX_SEGS];
static int g_nsegs;
static char **g_old;              /* names present before the watch started */
static int g_nold;
static double g_connected, g_ignore_before;
static volatile sig_atomic_t g_stop;
static uint8_t g_rbuf[256 * 1024];

static double rt_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *m) { fprintf(stderr, "hls_watch: %s\n", m); exit(2); }

#define MAX_FRAMES 65536
static key_t_ g_frames[MAX_FRAMES];   /* every video frame: timestamp, arrival */
static int g_nframes;

static void on_tag(void *ctx, int type, uint32_t ts, uint32_t size, uint8_t b0, uint8_t b1) {
    (void)ctx;
    if (type == 9 && g_nframes < MAX_FRAMES) g_frames[g_nframes++] = (key_t_){ ts, rt_now() };
    /* a coded keyframe: frame type 1, and for AVC (codec 7) a NALU packet (AVCPacketType 1) */
    if (type != 9 || size < 2 || b0 >> 4 != 1 || ((b0 & 0x0f) == 7 && b1 != 1)) return;
    if (g_nkeys < MAX_KEYS) g_keys[g_nkeys++] = (key_t_){ ts, rt_now() };
}

static int64_t pes_ts(const uint8_t *p) {
    return ((int64_t)(p[0] >> 1 & 7) << 30) | ((int64_t)p[1] << 22) | ((int64_t)(p[2] >> 1) << 15) |
           ((int64_t)p[3] << 7) | (p[4] >> 1);
}

/* First and last video DTS (ms) of a TS file; sets both to -1 when there is none. */
static void ts_scan(const char *path, seg_t *s) {
    s->first_dts = s->last_dts = -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    static uint8_t *buf;
    static size_t cap;
    struct stat st;
    if (fstat(fd, &st) < 0) { close(fd); return; }
    if ((size_t)st.st_size > cap) {
        cap = (size_t)st.st_size;
        buf = realloc(buf, cap);
        if (!buf) die("oom");
    }
    size_t len = 0;
    while (len < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + len, (size_t)st.st_size - len);
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(fd);
    s->bytes = (long)len;
    for (size_t off = 0; off + 188 <= len; off += 188) {
        const uint8_t *p = buf + off;
        if (p[0] != 0x47 || !(p[1] & 0x40)) continue;  /* sync, payload_unit_start_indicator */
        int afc = p[3] >> 4 & 3;
        size_t h = 4;
        if (afc & 2) h += 1 + p[4];
        if (!(afc & 1) || h + 19 > 188) continue;
        const uint8_t *e = p + h;
        if (e[0] || e[1] || e[2] != 1 || (e[3] & 0xf0) != 0xe0) continue; /* video PES */
        int flags = e[7] >> 6;
        if (flags < 2) continue;
        int64_t dts = pes_ts(flags == 3 ? e + 14 : e + 9) / 90;
        if (s->first_dts < 0) s->first_dts = dts;
        s->last_dts = dts;
    }
}

static int known(const char *name) {
    for (int i = 0; i < g_nold; i++) if (!strcmp(g_old[i], name)) return 1;
    for (int i = 0; i < g_nsegs; i++) if (!strcmp(g_segs[i].name, name)) return 1;
    return 0;
}

/* One directory scan; `init` records what is already there. Returns 1 when an .m3u8 exists. */
static int scan(const char *dir, int init) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    int m3u8 = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".m3u8")) m3u8 = 1;
        if (l < 4 || strcmp(e->d_name + l - 3, ".ts") || l >= 256 || known(e->d_name)) continue;
        if (init) {
            g_old = realloc(g_old, sizeof(char *) * (g_nold + 1));
            if (!g_old) die("oom");
            g_old[g_nold++] = strdup(e->d_name);
            continue;
        }
        if (g_nsegs == MAX_SEGS) continue;
        seg_t *s = &g_segs[g_nsegs++];
        s->seen = rt_now();
        snprintf(s->name, sizeof s->name, "%s", e->d_name);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        s->mtime = stat(path, &st) == 0 ? st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9 : -1;
        s->ignored = s->seen < g_ignore_before;
        ts_scan(path, s);
    }
    closedir(d);
    return m3u8;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double q) { return n ? v[(int)(q * (n - 1) + 0.5)] : -1; }

static void on_sig(int s) { (void)s; g_stop = 1; }

static void usage(void) {
    fprintf(stderr,
        "usage: hls_watch -u http://host:port/app/stream.flv -D hls_dir [-d seconds] [-w ignore_s] [-t scan_ms]\n"
        "                 [-o results.json] [-F frames.txt]\n"
        "  defaults: -d 20 -w 4 -t 10. hls_dir is where the stream's .ts files are written.\n");
    exit(2);
}

int main(int argc, char **argv) {
    int opt;
    const char *url = NULL, *dir = NULL, *out = NULL, *dump = NULL;
    double dur = 20, warm = 4, tick_ms = 10;
    while ((opt = getopt(argc, argv, "u:D:d:w:t:o:F:h")) != -1) {
        switch (opt) {
        case 'u': url = optarg; break;
        case 'D': dir = optarg; break;
        case 'd': dur = atof(optarg); break;
        case 'w': warm = atof(optarg); break;
        case 't': tick_ms = atof(optarg); break;
        case 'o': out = optarg; break;
        case 'F': dump = optarg; break;
        default: usage();
        }
    }
    if (!url || !dir || dur <= 0 || tick_ms <= 0 || strncmp(url, "http://", 7)) usage();
    char host[256];
    snprintf(host, sizeof host, "%s", url + 7);
    char *slash = strchr(host, '/');
    if (!slash) usage();
    char req[1400];
    *slash = 0;
    snprintf(req, sizeof req, "GET /%s HTTP/1.1\r\nHost: %s\r\nUser-Agent: hls_watch\r\n\r\n", slash + 1, host);
    char *colon = strchr(host, ':');
    int port = colon ? atoi(colon + 1) : 80;
    if (colon) *colon = 0;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) die("host must be an IPv4 address");
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    signal(SIGPIPE, SIG_IGN);

    scan(dir, 1);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("cannot connect to the HTTP-FLV url");
    if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req)) die("send failed");
    hf_t hf;
    if (hf_init(&hf) < 0) die("oom");
    g_connected = rt_now();
    g_ignore_before = g_connected + warm;
    double end = g_connected + warm + dur, next_scan = g_connected;
    int m3u8 = 0;
    const char *play_err = NULL;
    while (!g_stop) {
        double t = rt_now();
        if (t >= end) break;
        if (t >= next_scan) {
            m3u8 |= scan(dir, 0);
            next_scan += tick_ms / 1000;
            if (next_scan < t) next_scan = t + tick_ms / 1000;
        }
        int timeout = (int)((next_scan - rt_now()) * 1000) + 1;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (fd >= 0 && poll(&pfd, 1, timeout < 0 ? 0 : timeout) > 0) {
            ssize_t r = recv(fd, g_rbuf, sizeof g_rbuf, MSG_DONTWAIT);
            if (r > 0 && hf_feed(&hf, g_rbuf, (size_t)r, on_tag, NULL) < 0) play_err = hf.err;
            else if (r == 0) play_err = "server closed the HTTP-FLV connection";
            else if (r < 0 && errno != EAGAIN && errno != EINTR) play_err = "recv failed";
            if (play_err) { close(fd); fd = -1; }
        } else if (fd < 0) {
            struct timespec ts = { 0, (long)(timeout > 0 ? timeout : 1) * 1000000L };
            nanosleep(&ts, NULL);
        }
    }
    if (fd >= 0) close(fd);
    hf_free(&hf);

    if (dump) {
        FILE *f = fopen(dump, "w");
        if (!f) die("cannot write -F file");
        for (int i = 0; i < g_nframes; i++)
            fprintf(f, "%u %.6f %.3f\n", g_frames[i].ts, g_frames[i].at - g_connected, (g_frames[i].at - g_connected) * 1000 - g_frames[i].ts);
        fclose(f);
    }

    /* ---- the publisher's schedule: ffmpeg -re sends the frame of timestamp ts at T0 + ts; the
     * player gets it a little later (server, fan-out), so T0 = min(arrival - ts) over the frames
     * after the GOP-cache burst; the spread above it is the pacing + delivery jitter. ---- */
    double t0 = 1e300;
    int nf = 0;
    double *sp = malloc(sizeof(double) * (g_nframes + 1));
    for (int i = 0; i < g_nframes; i++)
        if (g_frames[i].at >= g_connected + 1 && g_frames[i].at - g_frames[i].ts / 1000.0 < t0) t0 = g_frames[i].at - g_frames[i].ts / 1000.0;
    for (int i = 0; i < g_nframes; i++)
        if (g_frames[i].at >= g_connected + 1) sp[nf++] = (g_frames[i].at - g_frames[i].ts / 1000.0 - t0) * 1000;
    qsort(sp, nf, sizeof(double), cmp_d);

    /* ---- per segment: the closing keyframe and the lags ---- */
    double *lsch = malloc(sizeof(double) * (g_nsegs + 1)), *larr = malloc(sizeof(double) * (g_nsegs + 1));
    double *lseen = malloc(sizeof(double) * (g_nsegs + 1));
    int nl = 0, aligned = 0, with_video = 0, unmatched = 0, counted = 0;
    for (int i = 0; i < g_nsegs; i++) {
        seg_t *s = &g_segs[i];
        int k = -1, start_key = 0;
        for (int j = 0; j < g_nkeys; j++) {
            if (s->first_dts >= 0 && llabs((int64_t)g_keys[j].ts - s->first_dts) <= 1) start_key = 1;
            if (k < 0 && s->last_dts >= 0 && (int64_t)g_keys[j].ts > s->last_dts) k = j;
        }
        if (s->ignored) continue;
        counted++;
        if (s->first_dts >= 0) with_video++;
        aligned += start_key;
        if (k < 0 || g_keys[k].at < g_connected + 1 || !nf) { unmatched++; continue; }
        double sched = t0 + g_keys[k].ts / 1000.0;
        lsch[nl] = (s->mtime - sched) * 1000;
        larr[nl] = (s->mtime - g_keys[k].at) * 1000;
        lseen[nl] = (s->seen - sched) * 1000;
        printf("segment %s: video dts %lld..%lld ms, %ld bytes, closed by keyframe %u (player got it %.1f ms after its "
               "schedule): on disk %.1f ms after the schedule, %.1f ms after the player got it; seen after %.1f ms\n",
               s->name, (long long)s->first_dts, (long long)s->last_dts, s->bytes, g_keys[k].ts,
               (g_keys[k].at - sched) * 1000, lsch[nl], larr[nl], lseen[nl]);
        nl++;
    }
    qsort(lsch, nl, sizeof(double), cmp_d);
    qsort(larr, nl, sizeof(double), cmp_d);
    qsort(lseen, nl, sizeof(double), cmp_d);
    printf("hls: m3u8 %s; %d new segments (%d ignored in the first %.0f s), %d with video, %d start on a keyframe the player saw; "
           "%d keyframes seen%s%s\n",
           m3u8 ? "present" : "absent", counted, g_nsegs - counted, warm, with_video, aligned, g_nkeys,
           play_err ? "; player error: " : "", play_err ? play_err : "");
    printf("frames reach the player after their schedule (ms): p50 %.1f p99 %.1f max %.1f (%d frames)\n",
           pct(sp, nf, .5), pct(sp, nf, .99), nf ? sp[nf - 1] : -1, nf);
    printf("segment on disk (mtime) after its closing keyframe (ms): vs schedule p50 %.1f max %.1f; vs player arrival p50 %.1f max %.1f; "
           "first seen (scan %.0f ms) vs schedule p50 %.1f max %.1f; %d unmatched\n",
           pct(lsch, nl, .5), nl ? lsch[nl - 1] : -1, pct(larr, nl, .5), nl ? larr[nl - 1] : -1, tick_ms,
           pct(lseen, nl, .5), nl ? lseen[nl - 1] : -1, unmatched);
    if (counted && !aligned)
        printf("warning: no segment starts at a keyframe timestamp the player saw: the player's timestamps are\n"
               "         not the publisher's (set play { time_jitter off; } in the vhost)\n");
    if (out) {
        FILE *f = fopen(out, "w");
        if (!f) die("cannot write -o file");
        fprintf(f, "{\n  \"m3u8\": %d,\n  \"segments\": %d,\n  \"segments_with_video\": %d,\n  \"segments_on_key\": %d,\n",
                m3u8, counted, with_video, aligned);
        fprintf(f, "  \"keyframes\": %d,\n  \"matched\": %d,\n  \"unmatched\": %d,\n", g_nkeys, nl, unmatched);
        fprintf(f, "  \"lag_sched_p50_ms\": %.1f,\n  \"lag_sched_max_ms\": %.1f,\n", pct(lsch, nl, .5), nl ? lsch[nl - 1] : -1);
        fprintf(f, "  \"lag_arrival_p50_ms\": %.1f,\n  \"lag_arrival_max_ms\": %.1f,\n", pct(larr, nl, .5), nl ? larr[nl - 1] : -1);
        fprintf(f, "  \"lag_seen_p50_ms\": %.1f,\n  \"lag_seen_max_ms\": %.1f,\n", pct(lseen, nl, .5), nl ? lseen[nl - 1] : -1);
        fprintf(f, "  \"pacing_p50_ms\": %.1f,\n  \"pacing_p99_ms\": %.1f,\n", pct(sp, nf, .5), pct(sp, nf, .99));
        fprintf(f, "  \"player_error\": \"%s\"\n}\n", play_err ? play_err : "");
        fclose(f);
    }
    free(lsch); free(larr); free(lseen); free(sp);
    return m3u8 && nl > 0 ? 0 : 1;
}
