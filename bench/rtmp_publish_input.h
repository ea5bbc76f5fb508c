/* input: handshake reply, chunk headers, commands, acknowledgements (part of rtmp_publish.c, included once: one translation unit). */
/* ---------- input: handshake, chunk headers, commands ---------- */

#include "rtmp_amf_read.h"

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
