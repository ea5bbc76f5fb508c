/* incoming RTMP: handshake reply, chunk headers, commands, media accounting (part of rtmp_load.c, included once: one translation unit). */
/* ---------- incoming RTMP ---------- */

#include "rtmp_amf_read.h"

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
    if (p->ep == g_ep_bulk || lat_is_probe(p)) return; /* latency probes stay in the fast set */
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
        lat_received(p, c->ts);
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
    lat_received(p, ts);
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
