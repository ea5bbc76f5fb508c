/* the clip: FLV parsing into tags and the messages a publisher sends, looped (part of rtmp_publish.c, included once: one translation unit). */
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
