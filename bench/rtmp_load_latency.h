/* rtmp_load_latency.h: publish-to-play latency (-L probes, -l send log).
 *
 * The first -L players are probes: they stay in the fast epoll set (read as soon as bytes arrive,
 * not once per tick), and during the window each video message they complete is recorded as
 * (timestamp, CLOCK_MONOTONIC time). After the window the publisher's send log (-l: lines
 * "<timestamp ms> <monotonic s>", one per video message once its writev completed; rtmp_publish -L
 * writes it) is read and each record is matched by timestamp: latency = received - sent. The
 * server must pass the publisher's timestamps through (play { time_jitter off; }); records with no
 * match are counted, not guessed. Included by rtmp_load.c after player_t. */

typedef struct { uint32_t ts; double t; } lat_rec_t;
typedef struct {
    lat_rec_t *v;
    size_t n, cap;
} lat_list_t;

static int g_probes = 0;               /* -L: players that are latency probes */
static const char *g_send_log = NULL;  /* -l: the publisher's send log */
static int g_lat_on = 0;               /* recording (the window) */
static lat_list_t g_lat_recv;

static void lat_push(lat_list_t *l, uint32_t ts, double t) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        lat_rec_t *v = realloc(l->v, cap * sizeof *v);
        if (!v) return; /* out of memory: the record is dropped, the counts say so */
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].ts = ts;
    l->v[l->n].t = t;
    l->n++;
}

/* A probe completed a video message with timestamp ts. */
static void lat_received(const player_t *p, uint32_t ts) {
    if (g_lat_on && p->idx < g_probes) lat_push(&g_lat_recv, ts, now());
}

static int lat_is_probe(const player_t *p) { return p->idx < g_probes; }

/* Parses the send log text: "<ts> <seconds>" per line; malformed lines are skipped. */
static void lat_parse_send_log(const char *text, lat_list_t *out) {
    const char *s = text;
    while (*s) {
        char *end;
        unsigned long ts = strtoul(s, &end, 10);
        if (end != s && *end == ' ') {
            char *end2;
            double t = strtod(end + 1, &end2);
            if (end2 != end + 1 && *end2 == '\n' && ts <= 0xffffffffUL) lat_push(out, (uint32_t)ts, t);
        }
        const char *nl = strchr(s, '\n');
        if (!nl) break;
        s = nl + 1;
    }
}

static int lat_cmp_ts(const void *a, const void *b) {
    const lat_rec_t *x = a, *y = b;
    return x->ts < y->ts ? -1 : x->ts > y->ts;
}

/* The send time of the video message with timestamp ts, or -1. */
static double lat_sent_at(const lat_list_t *sent, uint32_t ts) {
    size_t lo = 0, hi = sent->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sent->v[mid].ts < ts) lo = mid + 1; else hi = mid;
    }
    return lo < sent->n && sent->v[lo].ts == ts ? sent->v[lo].t : -1;
}

typedef struct {
    int samples, unmatched;
    double p50, p99, max;   /* ms; -1 without samples */
} lat_result_t;

/* Matches the received records against the send log; latencies in ms into *lat (malloc'd). */
static lat_result_t lat_join(const lat_list_t *recv, lat_list_t *sent, double **lat_out) {
    lat_result_t r = { 0, 0, -1, -1, -1 };
    qsort(sent->v, sent->n, sizeof *sent->v, lat_cmp_ts); /* the log is in order already: video timestamps only grow */
    double *lat = malloc((recv->n ? recv->n : 1) * sizeof *lat);
    if (!lat) return r;
    for (size_t i = 0; i < recv->n; i++) {
        double s = lat_sent_at(sent, recv->v[i].ts);
        if (s < 0) { r.unmatched++; continue; }
        lat[r.samples++] = (recv->v[i].t - s) * 1000;
    }
    qsort(lat, r.samples, sizeof *lat, cmp_d);
    if (r.samples) {
        r.p50 = pct(lat, r.samples, .5);
        r.p99 = pct(lat, r.samples, .99);
        r.max = lat[r.samples - 1];
    }
    *lat_out = lat;
    return r;
}

/* Reads the -l file and joins; samples 0 when there is no log or no probe record. */
static lat_result_t lat_measure(void) {
    lat_result_t r = { 0, 0, -1, -1, -1 };
    if (!g_send_log || !g_probes) return r;
    FILE *f = fopen(g_send_log, "r");
    if (!f) { fprintf(stderr, "rtmp_load: cannot read the send log %s\n", g_send_log); return r; }
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) { char *t = realloc(text, cap * 2); if (!t) break; text = t; cap *= 2; }
    }
    fclose(f);
    if (!text) return r;
    text[n] = 0;
    lat_list_t sent = { 0 };
    lat_parse_send_log(text, &sent);
    free(text);
    double *lat = NULL;
    r = lat_join(&g_lat_recv, &sent, &lat);
    free(lat);
    free(sent.v);
    return r;
}
