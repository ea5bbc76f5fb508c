/* self-tests of the chunk and HTTP-FLV parsers (-S) (part of rtmp_load.c, included once: one translation unit). */
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

static double lat_abs(double x) { return x < 0 ? -x : x; }

/* -L/-l: the send log parsed (malformed lines skipped), records matched by timestamp. */
static int selftest_latency(void) {
    int ok = 1;
    lat_list_t sent = { 0 }, recv = { 0 };
    lat_parse_send_log("66 10.100\n0 10.000\nbad line\n33 10.0335\n99 x\n133\n100 10.130\n-5 1\n", &sent);
    ok &= sent.n == 4;
    lat_push(&recv, 0, 10.002);   /* 2 ms */
    lat_push(&recv, 33, 10.0345); /* 1 ms */
    lat_push(&recv, 66, 10.110);  /* 10 ms */
    lat_push(&recv, 67, 10.2);    /* no such message sent: unmatched */
    lat_push(&recv, 100, 10.135); /* 5 ms */
    double *lat = NULL;
    lat_result_t r = lat_join(&recv, &sent, &lat);
    ok &= r.samples == 4 && r.unmatched == 1;
    ok &= lat && lat_abs(lat[0] - 1) < 1e-6 && lat_abs(lat[3] - 10) < 1e-6;
    ok &= lat_abs(r.max - 10) < 1e-6 && lat_abs(r.p50 - 5) < 1e-6 && lat_abs(r.p99 - 10) < 1e-6;
    free(lat);
    lat_list_t none = { 0 };
    r = lat_join(&none, &sent, &lat);
    ok &= r.samples == 0 && r.p50 == -1;
    free(lat);
    free(sent.v); free(recv.v);
    printf("selftest latency: send log parsed, %s\n", ok ? "ok" : "FAILED");
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
    /* -m: the stream names rtmp_publish -n M publishes */
    char nm[64];
    const char *s0 = g_stream;
    int h0 = g_http, m0 = g_streams, nok = 1;
    g_streams = 3; g_http = 0; g_stream = "livestream";
    stream_name(4, nm, sizeof nm); nok &= !strcmp(nm, "livestream1");
    g_http = 1; g_stream = "live/livestream.flv";
    stream_name(5, nm, sizeof nm); nok &= !strcmp(nm, "live/livestream2.flv");
    g_stream = "live.x/stream";
    stream_name(3, nm, sizeof nm); nok &= !strcmp(nm, "live.x/stream0");
    g_streams = 1; g_stream = "live/livestream.flv";
    stream_name(7, nm, sizeof nm); nok &= !strcmp(nm, "live/livestream.flv");
    g_stream = s0; g_http = h0; g_streams = m0;
    printf("selftest -m stream names: %s\n", nok ? "ok" : "FAILED");
    ok &= nok;
    ok &= selftest_latency();
    return ok ? 0 : 1;
}

