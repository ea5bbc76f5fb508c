/* output: message writing and AMF0 encoding (part of rtmp_load.c, included once: one translation unit). */
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
    char name[1100];
    stream_name(p->idx, name, sizeof name);
    amf_str(&a, "play"); amf_num(&a, CMD_PLAY); amf_null(&a);
    amf_str(&a, name); amf_num(&a, -2000);
    send_msg(p, 8, 20, p->sid, a.b, a.n);
    /* User control SetBufferLength (event 3): stream id, buffer ms (RTMP 7.1.7). */
    uint8_t u[10] = { 0, 3 };
    be32(u + 2, p->sid); be32(u + 6, 3000);
    send_msg(p, 2, 4, 0, u, 10);
}

