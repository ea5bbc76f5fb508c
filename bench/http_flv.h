/*
 * http_flv.h: a small push parser for an HTTP/1.1 response that carries an FLV stream
 * (HTTP-FLV), shared by rtmp_load.c and hls_watch.c. libc only, no IO: bytes in, tag callbacks out.
 *
 * Layers: the response head (status line + headers, RFC 9112 section 2-6), then the body, either
 * chunked (RFC 9112 section 7.1: hex size, optional extensions, CRLF, data, CRLF; size 0 ends it;
 * sizes may have leading zeros) or identity (Content-Length, or until the connection closes), then
 * FLV (FLV spec v10.1 annex E: 9-byte header + PreviousTagSize0, then tags: 11-byte header, body,
 * 4-byte PreviousTagSize = 11 + body size). Tag bodies are skipped without copying: only the first
 * two bytes of a video tag are kept (frame type / codec id, AVCPacketType).
 *
 * Errors stop the parser (state HF_ERROR, `err` says why); the end of a chunked or sized body
 * sets HF_DONE.
 */
#ifndef BENCH_HTTP_FLV_H
#define BENCH_HTTP_FLV_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HF_HEAD_MAX 8192         /* a longer response head is an error */
#define HF_LINE_MAX 1024         /* longest chunk-size line (with extensions) we accept */

enum { HF_HEAD, HF_BODY, HF_DONE, HF_ERROR };
enum { HF_CK_SIZE, HF_CK_EXT, HF_CK_SIZE_LF, HF_CK_DATA, HF_CK_DATA_CR, HF_CK_DATA_LF };
enum { HF_FLV_HEADER, HF_FLV_TAG, HF_FLV_BODY, HF_FLV_PREV };

/* Called for each complete tag: type (8 audio, 9 video, 18 script), 32-bit timestamp (ms),
 * body size, and the body's first two bytes (0 when the body is shorter). */
typedef void (*hf_tag_cb)(void *ctx, int type, uint32_t ts, uint32_t size, uint8_t b0, uint8_t b1);

typedef struct {
    int state;
    const char *err;
    /* head */
    char *head;                 /* allocated while the head is read, freed after */
    int head_len;
    int status, chunked;
    long long content_length;   /* -1: none */
    long long body_left;        /* identity body with a length */
    /* chunked framing */
    int ck;
    uint64_t ck_size;
    int ck_digits, ck_line;
    /* FLV */
    int flv;
    uint8_t acc[13];            /* header / tag header / previous tag size being assembled */
    int acc_len;
    uint8_t tag_type, b0, b1;
    uint32_t tag_size, tag_ts, tag_left, tag_off;
    /* counters */
    uint64_t body_bytes, tags;
} hf_t;

static int hf_init(hf_t *h) {
    memset(h, 0, sizeof *h);
    h->content_length = -1;
    h->head = malloc(HF_HEAD_MAX);
    if (!h->head) { h->state = HF_ERROR; h->err = "oom"; return -1; }
    return 0;
}

static void hf_free(hf_t *h) { free(h->head); h->head = NULL; }

static int hf_fail(hf_t *h, const char *why) {
    if (h->state != HF_ERROR) { h->state = HF_ERROR; h->err = why; }
    hf_free(h);
    return -1;
}

/* Bytes to take to bring an accumulator from `have` to `want`, given `n` available. */
static size_t hf_take(int have, int want, size_t n) { size_t w = (size_t)(want - have); return w < n ? w : n; }

static uint32_t hf_be24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }
static uint32_t hf_be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | hf_be24(p + 1); }

/* Value of header `name` (lower case, with the colon) in the head, or NULL. */
static const char *hf_header(const char *head, const char *name) {
    size_t l = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p, "\r\n")) {
        p += 2;
        if (!strncasecmp(p, name, l)) {
            p += l;
            while (*p == ' ' || *p == '\t') p++;
            return p;
        }
    }
    return NULL;
}

/* The head is complete (NUL-terminated, ends with CRLF CRLF): status and body framing. */
static int hf_parse_head(hf_t *h) {
    const char *s = h->head;
    if (strncmp(s, "HTTP/1.", 7) || s[8] != ' ') return hf_fail(h, "not an HTTP/1.x response");
    if (s[9] < '0' || s[9] > '9' || s[10] < '0' || s[10] > '9' || s[11] < '0' || s[11] > '9')
        return hf_fail(h, "bad status code");
    h->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    if (h->status != 200) return hf_fail(h, "HTTP status is not 200");
    const char *te = hf_header(s, "transfer-encoding:");
    if (te) {
        const char *eol = strstr(te, "\r\n");
        for (const char *q = te; q && q + 7 <= eol; q++)
            if (!strncasecmp(q, "chunked", 7)) { h->chunked = 1; break; }
        if (!h->chunked) return hf_fail(h, "unsupported transfer-encoding");
    }
    const char *cl = hf_header(s, "content-length:");
    if (cl && !h->chunked) {
        char *end;
        long long v = strtoll(cl, &end, 10);
        if (end == cl || v < 0) return hf_fail(h, "bad content-length");
        h->content_length = h->body_left = v;
    }
    h->state = HF_BODY;
    if (h->content_length == 0) h->state = HF_DONE;
    return 0;
}

/* FLV bytes (the de-chunked body). */
static int hf_flv(hf_t *h, const uint8_t *d, size_t n, hf_tag_cb cb, void *ctx) {
    h->body_bytes += n;
    while (n > 0) {
        switch (h->flv) {
        case HF_FLV_HEADER: {
            /* 'FLV', version, flags, DataOffset (9), then PreviousTagSize0 (0) */
            size_t k = hf_take(h->acc_len, 13, n);
            memcpy(h->acc + h->acc_len, d, k);
            h->acc_len += k; d += k; n -= k;
            if (h->acc_len < 13) return 0;
            if (memcmp(h->acc, "FLV", 3)) return hf_fail(h, "bad FLV signature");
            if (hf_be32(h->acc + 5) != 9) return hf_fail(h, "unsupported FLV header size");
            h->acc_len = 0;
            h->flv = HF_FLV_TAG;
            break;
        }
        case HF_FLV_TAG: {
            const uint8_t *t;
            if (h->acc_len == 0 && n >= 11) { /* whole header in place: no copy */
                t = d; d += 11; n -= 11;
            } else {
                size_t k = hf_take(h->acc_len, 11, n);
                memcpy(h->acc + h->acc_len, d, k);
                h->acc_len += k; d += k; n -= k;
                if (h->acc_len < 11) return 0;
                t = h->acc;
            }
            h->acc_len = 0;
            h->tag_type = t[0];
            if (t[0] != 8 && t[0] != 9 && t[0] != 18) return hf_fail(h, "bad FLV tag type (filtered or out of sync)");
            h->tag_size = h->tag_left = hf_be24(t + 1);
            h->tag_ts = hf_be24(t + 4) | (uint32_t)t[7] << 24;
            h->tag_off = 0;
            h->b0 = h->b1 = 0;
            h->flv = HF_FLV_BODY;
            if (h->tag_left) break;
        }
            __attribute__((fallthrough));
        case HF_FLV_BODY: {
            uint32_t k = h->tag_left < n ? h->tag_left : (uint32_t)n;
            if (h->tag_off < 2 && k > 0) {
                if (h->tag_off == 0) { h->b0 = d[0]; if (k > 1) h->b1 = d[1]; }
                else h->b1 = d[0];
            }
            h->tag_off += k; h->tag_left -= k; d += k; n -= k;
            if (h->tag_left) return 0;
            h->tags++;
            cb(ctx, h->tag_type, h->tag_ts, h->tag_size, h->b0, h->b1);
            if (h->state == HF_ERROR) return -1; /* the callback may stop us */
            h->flv = HF_FLV_PREV;
            break;
        }
        case HF_FLV_PREV: {
            if (h->acc_len == 0 && n >= 4) {
                if (hf_be32(d) != 11 + h->tag_size) return hf_fail(h, "bad FLV PreviousTagSize");
                d += 4; n -= 4;
            } else {
                size_t k = hf_take(h->acc_len, 4, n);
                memcpy(h->acc + h->acc_len, d, k);
                h->acc_len += k; d += k; n -= k;
                if (h->acc_len < 4) return 0;
                if (hf_be32(h->acc) != 11 + h->tag_size) return hf_fail(h, "bad FLV PreviousTagSize");
                h->acc_len = 0;
            }
            h->flv = HF_FLV_TAG;
            break;
        }
        }
    }
    return 0;
}

static int hf_hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Body bytes: undo the chunked framing, hand the data to the FLV layer. */
static int hf_chunked(hf_t *h, const uint8_t *d, size_t n, hf_tag_cb cb, void *ctx) {
    while (n > 0 && h->state == HF_BODY) {
        if (h->ck == HF_CK_DATA) {
            size_t k = h->ck_size < n ? (size_t)h->ck_size : n;
            if (hf_flv(h, d, k, cb, ctx) < 0) return -1;
            d += k; n -= k; h->ck_size -= k;
            if (h->ck_size == 0) h->ck = HF_CK_DATA_CR;
            continue;
        }
        uint8_t c = *d++;
        n--;
        if (++h->ck_line > HF_LINE_MAX) return hf_fail(h, "chunk-size line too long");
        switch (h->ck) {
        case HF_CK_SIZE: {
            int v = hf_hex(c);
            if (v >= 0) {
                if (h->ck_size >> 36) return hf_fail(h, "chunk size too large");
                h->ck_size = h->ck_size << 4 | (uint64_t)v;
                h->ck_digits++;
                break;
            }
            if (!h->ck_digits) return hf_fail(h, "bad chunk size");
            if (c == ';' || c == ' ' || c == '\t') h->ck = HF_CK_EXT;
            else if (c == '\r') h->ck = HF_CK_SIZE_LF;
            else return hf_fail(h, "bad chunk size");
            break;
        }
        case HF_CK_EXT:
            if (c == '\r') h->ck = HF_CK_SIZE_LF;
            break;
        case HF_CK_SIZE_LF:
            if (c != '\n') return hf_fail(h, "chunk-size line without LF");
            if (h->ck_size == 0) { h->state = HF_DONE; return 0; } /* last-chunk: trailers ignored */
            h->ck = HF_CK_DATA;
            break;
        case HF_CK_DATA_CR:
            if (c != '\r') return hf_fail(h, "chunk data not followed by CRLF");
            h->ck = HF_CK_DATA_LF;
            break;
        case HF_CK_DATA_LF:
            if (c != '\n') return hf_fail(h, "chunk data not followed by CRLF");
            h->ck = HF_CK_SIZE;
            h->ck_size = 0; h->ck_digits = 0; h->ck_line = 0;
            break;
        }
    }
    return 0;
}

/* Feed received bytes. Returns -1 once the parser has failed (h->err); HF_DONE ends the body. */
static int hf_feed(hf_t *h, const uint8_t *d, size_t n, hf_tag_cb cb, void *ctx) {
    if (h->state == HF_ERROR) return -1;
    if (h->state == HF_HEAD) {
        size_t room = HF_HEAD_MAX - 1 - h->head_len;
        size_t k = n < room ? n : room;
        int from = h->head_len > 3 ? h->head_len - 3 : 0;
        memcpy(h->head + h->head_len, d, k);
        h->head_len += k;
        h->head[h->head_len] = 0;
        char *e = memmem(h->head + from, h->head_len - from, "\r\n\r\n", 4);
        if (!e) {
            if (h->head_len >= HF_HEAD_MAX - 1) return hf_fail(h, "response head too large");
            return 0;
        }
        size_t used = (size_t)(e + 4 - h->head) - (h->head_len - k); /* bytes of d in the head */
        e[2] = 0;                                    /* keep the last header's CRLF */
        if (hf_parse_head(h) < 0) return -1;
        hf_free(h);
        d += used; n -= used;
    }
    if (h->state != HF_BODY || n == 0) return 0;
    if (h->chunked) return hf_chunked(h, d, n, cb, ctx);
    if (h->content_length >= 0) {
        if ((long long)n > h->body_left) n = (size_t)h->body_left;
        h->body_left -= n;
        if (hf_flv(h, d, n, cb, ctx) < 0) return -1;
        if (h->body_left == 0) h->state = HF_DONE;
        return 0;
    }
    return hf_flv(h, d, n, cb, ctx);
}

#endif
