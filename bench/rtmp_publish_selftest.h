/* self-tests (-S): AMF writer, FLV reader, chunk input, writer read back, progress file (part of rtmp_publish.c, included once: one translation unit). */
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
