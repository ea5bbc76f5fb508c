/* AMF0 readers for server commands (AMF0 spec 2.2-2.11), shared by rtmp_load and rtmp_publish
 * (included once by each: one translation unit). */
static double amf_read_num(const uint8_t *d, uint32_t n, uint32_t *off, int *ok) {
    if (*off + 9 > n || d[*off] != 0x00) { *ok = 0; return 0; }
    uint64_t u = 0;
    for (int i = 1; i <= 8; i++) u = (u << 8) | d[*off + i];
    *off += 9;
    double v; memcpy(&v, &u, 8);
    return v;
}

/* Skip one AMF0 value (the kinds a command's object or null argument uses). */
static int amf_skip(const uint8_t *d, uint32_t n, uint32_t *off, int depth) {
    if (*off >= n || depth > 8) return 0;
    uint8_t t = d[(*off)++];
    switch (t) {
    case 0x00: if (*off + 8 > n) return 0; *off += 8; return 1;
    case 0x01: if (*off + 1 > n) return 0; *off += 1; return 1;
    case 0x02: { if (*off + 2 > n) return 0; uint32_t l = (uint32_t)d[*off] << 8 | d[*off + 1]; *off += 2 + l; return *off <= n; }
    case 0x05: case 0x06: return 1;
    case 0x08: if (*off + 4 > n) return 0; *off += 4; /* ecma array body is an object body */
        __attribute__((fallthrough));
    case 0x03:
        for (;;) {
            if (*off + 2 > n) return 0;
            uint32_t l = (uint32_t)d[*off] << 8 | d[*off + 1];
            *off += 2 + l;
            if (*off >= n) return 0;
            if (l == 0 && d[*off] == 0x09) { (*off)++; return 1; }
            if (!amf_skip(d, n, off, depth + 1)) return 0;
        }
    default: return 0;
    }
}
