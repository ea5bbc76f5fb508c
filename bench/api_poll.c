/*
 * api_poll: what HTTP API polling costs the server. C pollers (-c, default 10) each send
 * `GET path` once per interval (-i ms, default 1000) on a keep-alive connection, rotating over
 * the paths of -P (comma separated), staggered evenly over the interval. Blocking sockets, one
 * request at a time (10 requests per second need nothing more).
 *
 * With -p PID it samples the server's utime+stime (/proc/PID/stat) over three windows:
 * publisher-only baseline before (-b s), polling (-d s), baseline after (-b s); the cost is
 * polling − mean(before, after), in percent of one core. With -c 0 it only measures -d seconds
 * of server CPU (used for the HLS muxing cost).
 *
 * Responses: status 200 with Content-Length (or close-delimited) and a body containing "code":0
 * (or the text of -m: `-m '# TYPE srs_build_info'` for the Prometheus exporter's /metrics).
 *
 * Build: gcc -O2 -Wall -o api_poll api_poll.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define MAX_PATHS 16
#define MAX_BODY (8 << 20)

typedef struct { int fd; int path; double next; } conn_t;

static char g_host[256] = "127.0.0.1";
static int g_port = 1985;
static char *g_paths[MAX_PATHS];
static int g_npaths;
static struct sockaddr_in g_sa;
static char *g_buf;
static size_t g_cap;
static long g_ok, g_err, g_reconnects;
static long long g_bytes;
static const char *g_first_err;
static double *g_lat;
static int g_nlat, g_lat_cap;
static volatile sig_atomic_t g_stop;
static const char *g_match = "\"code\":0";

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *m) { fprintf(stderr, "api_poll: %s\n", m); exit(2); }

static double proc_cpu_s(int pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

static double self_cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void sleep_until(double t) {
    double d = t - now();
    if (d <= 0) return;
    struct timespec ts = { (time_t)d, (long)((d - (time_t)d) * 1e9) };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !g_stop) {}
}

static void err(conn_t *c, const char *why) {
    g_err++;
    if (!g_first_err) g_first_err = why;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

static int do_connect(conn_t *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0) return -1;
    struct timeval tv = { 2, 0 };
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *)&g_sa, sizeof g_sa) < 0) { close(c->fd); c->fd = -1; return -1; }
    return 0;
}

/* One request/response on c (reconnecting when the server closed it). */
static void request(conn_t *c) {
    const char *path = g_paths[c->path];
    c->path = (c->path + 1) % g_npaths;
    int retried = 0;
again:
    if (c->fd < 0) {
        if (do_connect(c) < 0) { err(c, "connect failed"); return; }
        g_reconnects++;
    }
    char req[600];
    int rl = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: api_poll\r\nAccept: */*\r\n\r\n",
                      path, g_host, g_port);
    double t0 = now();
    if (send(c->fd, req, rl, MSG_NOSIGNAL) != rl) {
        close(c->fd); c->fd = -1;
        if (!retried++) goto again; /* stale keep-alive connection */
        err(c, "send failed");
        return;
    }
    size_t len = 0, head = 0;
    long long clen = -1;
    int close_after = 0;
    for (;;) {
        if (len + 65536 > g_cap) {
            if (g_cap >= MAX_BODY) { err(c, "response too large"); return; }
            g_cap = g_cap ? g_cap * 2 : 1 << 17;
            g_buf = realloc(g_buf, g_cap + 1);
            if (!g_buf) die("oom");
        }
        ssize_t r = recv(c->fd, g_buf + len, g_cap - len, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            if (r == 0 && len == 0 && !retried++) { close(c->fd); c->fd = -1; goto again; }
            if (r == 0 && head && clen < 0) break; /* close-delimited body */
            err(c, r == 0 ? "connection closed mid-response" : "recv failed or timed out");
            return;
        }
        len += (size_t)r;
        g_buf[len] = 0;
        if (!head) {
            char *e = strstr(g_buf, "\r\n\r\n");
            if (!e) { if (len > 65536) { err(c, "response head too large"); return; } continue; }
            head = (size_t)(e + 4 - g_buf);
            *e = 0;
            if (strncmp(g_buf, "HTTP/1.1 200", 12) && strncmp(g_buf, "HTTP/1.0 200", 12)) { err(c, "status not 200"); return; }
            char *h = strcasestr(g_buf, "\r\ncontent-length:");
            if (h) clen = atoll(h + 17);
            if (strcasestr(g_buf, "\r\ntransfer-encoding:")) { err(c, "chunked response not supported"); return; }
            if (strcasestr(g_buf, "\r\nconnection: close")) close_after = 1;
            *e = '\r';
        }
        if (clen >= 0 && (long long)(len - head) >= clen) break;
    }
    double t1 = now();
    g_bytes += len;
    if (!memmem(g_buf + head, len - head, g_match, strlen(g_match))) { err(c, "body without the expected text (-m)"); return; }
    g_ok++;
    if (g_nlat == g_lat_cap) {
        g_lat_cap = g_lat_cap ? g_lat_cap * 2 : 1024;
        g_lat = realloc(g_lat, sizeof(double) * g_lat_cap);
        if (!g_lat) die("oom");
    }
    g_lat[g_nlat++] = (t1 - t0) * 1000;
    if (close_after || clen < 0) { close(c->fd); c->fd = -1; }
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double q) { return n ? v[(int)(q * (n - 1) + 0.5)] : -1; }

/* Server CPU seconds per wall second over `secs`, polling when conns > 0. */
static double window(int pid, conn_t *cs, int nc, double interval, double secs) {
    double t0 = now(), c0 = pid ? proc_cpu_s(pid) : 0, end = t0 + secs;
    for (int i = 0; i < nc; i++) cs[i].next = t0 + interval * i / nc;
    while (!g_stop) {
        double next = end;
        int who = -1;
        for (int i = 0; i < nc; i++) if (cs[i].next < next) { next = cs[i].next; who = i; }
        sleep_until(next);
        if (who < 0 || g_stop) break;
        request(&cs[who]);
        cs[who].next += interval;
    }
    double t1 = now();
    return pid ? (proc_cpu_s(pid) - c0) / (t1 - t0) : -1;
}

static void on_sig(int s) { (void)s; g_stop = 1; }

static void usage(void) {
    fprintf(stderr,
        "usage: api_poll -u http://host:port [-c pollers] [-i interval_ms] [-d seconds] [-b baseline_s]\n"
        "                [-P path[,path...]] [-p server_pid] [-m body_text] [-o results.json]\n"
        "  defaults: -c 10 -i 1000 -d 20 -b 0 -P /api/v1/summaries -m '\"code\":0'\n"
        "  -b: measure the server's CPU for this long before and after polling (baseline).\n"
        "  -c 0: no polling, only the server's CPU over -d seconds.\n");
    exit(2);
}

int main(int argc, char **argv) {
    int opt, nc = 10, pid = 0;
    double interval_ms = 1000, dur = 20, base = 0;
    const char *url = NULL, *out = NULL;
    char *paths = strdup("/api/v1/summaries");
    while ((opt = getopt(argc, argv, "u:c:i:d:b:P:p:m:o:h")) != -1) {
        switch (opt) {
        case 'u': url = optarg; break;
        case 'c': nc = atoi(optarg); break;
        case 'i': interval_ms = atof(optarg); break;
        case 'd': dur = atof(optarg); break;
        case 'b': base = atof(optarg); break;
        case 'P': free(paths); paths = strdup(optarg); break;
        case 'p': pid = atoi(optarg); break;
        case 'm': g_match = optarg; break;
        case 'o': out = optarg; break;
        default: usage();
        }
    }
    if ((!url && nc > 0) || nc < 0 || nc > MAX_CONNS || dur <= 0 || interval_ms <= 0) usage();
    if (url) {
        if (strncmp(url, "http://", 7)) die("url must start with http://");
        snprintf(g_host, sizeof g_host, "%s", url + 7);
        char *s = strchr(g_host, '/');
        if (s) *s = 0;
        char *colon = strchr(g_host, ':');
        g_port = colon ? atoi(colon + 1) : 80;
        if (colon) *colon = 0;
        g_sa.sin_family = AF_INET;
        g_sa.sin_port = htons(g_port);
        if (inet_pton(AF_INET, g_host, &g_sa.sin_addr) != 1) die("host must be an IPv4 address");
    }
    for (char *tok = strtok(paths, ","); tok && g_npaths < MAX_PATHS; tok = strtok(NULL, ",")) g_paths[g_npaths++] = tok;
    if (!g_npaths) usage();
    signal(SIGINT, on_sig);
    signal(SIGTERM, on_sig);
    signal(SIGPIPE, SIG_IGN);

    conn_t cs[MAX_CONNS];
    for (int i = 0; i < nc; i++) { cs[i].fd = -1; cs[i].path = i % g_npaths; }
    double before = -1, after = -1;
    if (pid && base > 0) before = window(pid, cs, 0, 1, base);
    double s0 = self_cpu_s();
    double during = window(pid, cs, nc, interval_ms / 1000, dur);
    double self = (self_cpu_s() - s0) / dur;
    for (int i = 0; i < nc; i++) if (cs[i].fd >= 0) { close(cs[i].fd); cs[i].fd = -1; }
    if (pid && base > 0) after = window(pid, cs, 0, 1, base);
    double idle = before >= 0 && after >= 0 ? (before + after) / 2 : -1;
    double net = idle >= 0 && during >= 0 ? during - idle : -1e9;

    qsort(g_lat, g_nlat, sizeof(double), cmp_d);
    if (nc > 0)
        printf("requests: %ld ok, %ld failed%s%s%s, %ld connections opened, %.1f kB/response; latency ms p50 %.2f p95 %.2f max %.2f\n",
               g_ok, g_err, g_first_err ? " (first: " : "", g_first_err ? g_first_err : "", g_first_err ? ")" : "", g_reconnects,
               g_ok ? g_bytes / 1024.0 / g_ok : 0, pct(g_lat, g_nlat, .5), pct(g_lat, g_nlat, .95),
               g_nlat ? g_lat[g_nlat - 1] : -1);
    if (pid && idle >= 0)
        printf("server cpu %% of a core: %s %.2f, before %.2f, after %.2f, net %.2f; poller cpu %.2f%%\n",
               nc > 0 ? "polling" : "window", during * 100, before * 100, after * 100, net * 100, self * 100);
    else if (pid)
        printf("server cpu %% of a core: %s %.2f; poller cpu %.2f%%\n", nc > 0 ? "polling" : "window", during * 100, self * 100);
    if (out) {
        FILE *f = fopen(out, "w");
        if (!f) die("cannot write -o file");
        fprintf(f, "{\n  \"pollers\": %d,\n  \"interval_ms\": %.0f,\n  \"seconds\": %.1f,\n", nc, interval_ms, dur);
        fprintf(f, "  \"requests_ok\": %ld,\n  \"requests_failed\": %ld,\n  \"connections\": %ld,\n", g_ok, g_err, g_reconnects);
        fprintf(f, "  \"latency_p50_ms\": %.2f,\n  \"latency_p95_ms\": %.2f,\n  \"latency_max_ms\": %.2f,\n",
                pct(g_lat, g_nlat, .5), pct(g_lat, g_nlat, .95), g_nlat ? g_lat[g_nlat - 1] : -1);
        fprintf(f, "  \"server_cpu_pct\": %.3f,\n  \"server_cpu_before_pct\": %.3f,\n  \"server_cpu_after_pct\": %.3f,\n",
                during * 100, before * 100, after * 100);
        fprintf(f, "  \"server_cpu_net_pct\": %.3f,\n  \"poller_cpu_pct\": %.3f,\n", net > -1e8 ? net * 100 : -1, self * 100);
        fprintf(f, "  \"kb_per_response\": %.1f,\n", g_ok ? g_bytes / 1024.0 / g_ok : 0);
        fprintf(f, "  \"first_error\": \"%s\"\n}\n", g_first_err ? g_first_err : "");
        fclose(f);
    }
    free(paths); free(g_buf); free(g_lat);
    return g_stop || (nc > 0 && g_ok == 0) ? 1 : 0;
}
