#!/usr/bin/env python3
"""Writes the fuzz seed corpora (Fuzz/corpus/<target>/) from the test clips and hand-made cases.

    scripts/fuzz-seeds.py [MEDIA_DIR]     MEDIA_DIR defaults to <repo>/objs/media (`make media`)

Seeds are small on purpose (a few KB each): the first tags of a clip, one chunked message, one
handshake packet. Each target's input layout (the control byte most of them start with) is
described in Fuzz/Sources/<target>/main.swift. The output is deterministic: the same clips give
the same bytes, so re-running the script changes nothing that is committed.
"""
import hashlib
import hmac
import os
import random
import struct
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEDIA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "objs", "media")
OUT = os.path.join(REPO, "Fuzz", "corpus")
CLIPS = ["avc-aac-360p-10s.flv", "avc-only-240p-6s.flv", "aac-only-6s.flv"]
rng = random.Random(1935)


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


# --- FLV -------------------------------------------------------------------------------------

def flv_tags(path):
    """(type, timestamp, body) of every tag of an FLV file."""
    data = open(path, "rb").read()
    offset = struct.unpack(">I", data[5:9])[0] + 4
    tags = []
    while offset + 11 <= len(data):
        kind = data[offset]
        size = int.from_bytes(data[offset + 1:offset + 4], "big")
        ts = int.from_bytes(data[offset + 4:offset + 7], "big") | data[offset + 7] << 24
        tags.append((kind, ts, data[offset + 11:offset + 11 + size]))
        offset += 11 + size + 4
    return data[:13], tags


def flv_tag(kind, ts, body):
    head = bytes([kind]) + len(body).to_bytes(3, "big") + (ts & 0xFFFFFF).to_bytes(3, "big")
    return head + bytes([ts >> 24 & 0xFF]) + b"\0\0\0" + body + struct.pack(">I", 11 + len(body))


def small_tags(tags, limit=4096):
    """Metadata, sequence headers and the first frames, each body cut to keep the seed small."""
    picked, total = [], 0
    for kind, ts, body in tags:
        if total > limit:
            break
        if len(body) > 600:
            continue
        picked.append((kind, ts, body))
        total += len(body) + 15
    return picked


# --- RTMP --------------------------------------------------------------------------------------

def amf_string(s):
    b = s.encode()
    return b"\x02" + struct.pack(">H", len(b)) + b


def amf_number(n):
    return b"\x00" + struct.pack(">d", n)


def amf_object(props, marker=b"\x03"):
    out = marker
    for key, value in props:
        k = key.encode()
        out += struct.pack(">H", len(k)) + k + value
    return out + b"\x00\x00\x09"


def chunks(csid, ts, type_id, stream_id, payload, chunk_size=128):
    """One message as RTMP chunks: fmt 0 (extended timestamp when needed), then fmt 3."""
    ext = ts >= 0xFFFFFF
    head = bytes([csid]) + (0xFFFFFF if ext else ts).to_bytes(3, "big") + len(payload).to_bytes(3, "big")
    head += bytes([type_id]) + struct.pack("<I", stream_id) + (struct.pack(">I", ts) if ext else b"")
    out = head + payload[:chunk_size]
    for at in range(chunk_size, len(payload), chunk_size):
        out += bytes([0xC0 | csid]) + (struct.pack(">I", ts) if ext else b"") + payload[at:at + chunk_size]
    return out


def connect_command(app="live", tc_url="rtmp://127.0.0.1:1935/live"):
    return amf_string("connect") + amf_number(1) + amf_object([
        ("app", amf_string(app)), ("flashVer", amf_string("FMLE/3.0")), ("tcUrl", amf_string(tc_url)),
        ("fpad", b"\x01\x00"), ("capabilities", amf_number(239)), ("objectEncoding", amf_number(0)),
    ])


# --- handshake ----------------------------------------------------------------------------------

FP_KEY = b"Genuine Adobe Flash Player 001"
FMS_KEY = b"Genuine Adobe Flash Media Server 001"


def signed_c1s1(version, digest_key, schema):
    packet = bytearray(rng.getrandbits(8) for _ in range(1536))
    packet[0:4] = b"\0\0\0\0"
    packet[4:8] = struct.pack(">I", version)
    digest_block = 8 if schema == 1 else 8 + 764
    at = digest_block + 4 + sum(packet[digest_block:digest_block + 4]) % 728
    digest = hmac.new(digest_key, bytes(packet[:at] + packet[at + 32:]), hashlib.sha256).digest()
    packet[at:at + 32] = digest
    return bytes(packet)


def random_bytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def main():
    clips = [os.path.join(MEDIA, c) for c in CLIPS if os.path.exists(os.path.join(MEDIA, c))]
    if not clips:
        sys.exit(f"fuzz-seeds: no clips in {MEDIA} (make media)")

    for clip in clips:
        name = os.path.basename(clip).rsplit(".", 1)[0]
        header, tags = flv_tags(clip)
        picked = small_tags(tags)
        flv = header + b"".join(flv_tag(*t) for t in picked)
        write("FLV", f"{name}-whole", b"\x00" + flv)
        write("FLV", f"{name}-drip", b"\x01" + flv[:1500])
        write("FLV", f"{name}-split", b"\x2a" + flv[:1500])

        for kind, ts, body in tags:
            if kind == 9 and len(body) > 5 and body[1] == 0:
                avcc = body[5:]
                write("AVC", f"{name}-avcc", b"\x00" + avcc)
                sps_len = struct.unpack(">H", avcc[6:8])[0]
                write("AVC", f"{name}-sps", b"\x01" + avcc[8:8 + sps_len])
                frames = [b for k, _, b in tags if k == 9 and len(b) > 5 and b[1] == 1]
                small = min(frames, key=len)
                write("AVC", f"{name}-frame", b"\x02" + struct.pack(">H", len(avcc)) + avcc + small[5:][:1500])
                write("FLV", f"{name}-seqheader", b"\x00" + header + flv_tag(kind, ts, body))
                break
        for kind, ts, body in tags:
            if kind == 8 and len(body) > 2 and body[1] == 0:
                write("AAC", f"{name}-asc", struct.pack(">H", 371) + body)
                break
        for kind, ts, body in tags:
            if kind == 18:
                write("AMF", f"{name}-metadata", body[:3000])
                break

        # A publisher's chunk stream: connect, SetChunkSize, metadata, sequence headers, frames.
        stream = chunks(3, 0, 20, 0, connect_command())
        stream += chunks(2, 0, 1, 0, struct.pack(">I", 4096))
        for kind, ts, body in picked[:6]:
            stream += chunks(4 if kind != 18 else 5, ts, kind, 1, body, chunk_size=4096)
        write("RTMPChunk", f"{name}-publish", b"\x00" + stream[:6000])
        write("RTMPChunk", f"{name}-publish-drip", b"\x05" + stream[:2000])
        # An aggregate message of the first tags (RTMP §7.1.6).
        aggregate = b"".join(flv_tag(*t) for t in picked[:4])
        write("RTMPChunk", f"{name}-aggregate", b"\x11" + chunks(6, 1000, 22, 1, aggregate[:3000]))

    # Hand-made chunk streams: control messages, AMF3 command, extended timestamps, fmt 1/2.
    control = chunks(2, 0, 5, 0, struct.pack(">I", 2500000)) + chunks(2, 0, 6, 0, struct.pack(">IB", 2500000, 2))
    control += chunks(2, 0, 4, 0, struct.pack(">HI", 3, 1) + struct.pack(">I", 3000))
    control += chunks(2, 0, 4, 0, struct.pack(">HI", 6, 12345)) + chunks(2, 0, 3, 0, struct.pack(">I", 1000))
    control += chunks(2, 0, 2, 0, struct.pack(">I", 4))
    write("RTMPChunk", "control", b"\x00" + control)
    amf3 = b"\x00" + amf_string("play") + amf_number(4) + b"\x05" + amf_string("livestream")
    write("RTMPChunk", "amf3-command", b"\x03" + chunks(8, 0, 17, 1, amf3) + chunks(8, 0, 15, 1, b"\x00" + amf_string("onStatus")))
    ext = chunks(4, 0x1000000, 9, 1, bytes([0x27, 1, 0, 0, 0]) + random_bytes(300))
    write("RTMPChunk", "extended-timestamp", b"\x00" + ext)
    # fmt 1 and fmt 2 after a fmt 0 on the same chunk stream, and a two-byte chunk stream id.
    body = bytes([0xAF, 1]) + random_bytes(20)
    fmt0 = chunks(4, 0, 8, 1, body)
    fmt1 = bytes([0x44]) + (23).to_bytes(3, "big") + len(body).to_bytes(3, "big") + b"\x08" + body
    fmt2 = bytes([0x84]) + (23).to_bytes(3, "big") + body
    wide = bytes([0x00, 0x10]) + (0).to_bytes(3, "big") + len(body).to_bytes(3, "big") + b"\x08" + struct.pack("<I", 1) + body
    write("RTMPChunk", "fmt-1-2-wide-csid", b"\x00" + fmt0 + fmt1 + fmt2 + wide)
    write("RTMPChunk", "timecode", b"\x00" + chunks(5, 0, 18, 1, b"\x00\x00\x00\x00"))

    # Handshake: byte 0 bit 0 = side (0 server, 1 client), bit 1 = client mode (0 complex).
    c1_complex = signed_c1s1(0x80000702, FP_KEY, 1)
    c1_schema0 = signed_c1s1(0x80000702, FP_KEY, 0)
    c1_simple = b"\0\0\0\0\0\0\0\0" + random_bytes(1528)
    c2 = random_bytes(1536)
    write("Handshake", "server-complex", b"\x00\x03" + c1_complex + c2 + b"\x03\x00\x00\x00")
    write("Handshake", "server-schema0", b"\x10\x03" + c1_schema0 + c2)
    write("Handshake", "server-simple", b"\x04\x03" + c1_simple + c2)
    write("Handshake", "server-not-rtmp", b"\x00GET / HTTP/1.1\r\n\r\n")
    s1 = signed_c1s1(0x01000504, FMS_KEY, 1)
    s1_schema0 = signed_c1s1(0x01000504, FMS_KEY, 0)
    write("Handshake", "client-complex", b"\x01\x03" + s1 + random_bytes(1536) + b"\x02\x00")
    write("Handshake", "client-complex-schema0", b"\x09\x03" + s1_schema0 + random_bytes(1536))
    write("Handshake", "client-simple", b"\x03\x03" + c1_simple + random_bytes(1536))

    # AMF0 command bodies and AMF3 scalars.
    write("AMF", "connect", connect_command())
    write("AMF", "result", amf_string("_result") + amf_number(1) + amf_object([
        ("fmsVer", amf_string("FMS/3,5,3,888")), ("capabilities", amf_number(127))]) + amf_object([
        ("level", amf_string("status")), ("code", amf_string("NetConnection.Connect.Success")),
        ("data", amf_object([("srs_version", amf_string("5.0.0"))], marker=b"\x08\x00\x00\x00\x01"))]))
    write("AMF", "publish", amf_string("publish") + amf_number(5) + b"\x05" + amf_string("livestream?token=1") + amf_string("live"))
    write("AMF", "containers", b"\x0a\x00\x00\x00\x03" + amf_number(1) + b"\x01\x01" + b"\x05"
          + b"\x0b" + struct.pack(">dh", 1.7e12, 0) + b"\x0c\x00\x00\x00\x03abc" + b"\x07\x00\x01"
          + b"\x10\x00\x03Foo" + b"\x00\x01x" + amf_number(2) + b"\x00\x00\x09" + b"\x06")
    write("AMF", "amf3", b"\x11\x04\x81\x80\x80\x01" + b"\x11\x06\x0bhello" + b"\x11\x05" + struct.pack(">d", 0.5)
          + b"\x11\x03\x11\x02\x11\x01\x11\x00")

    # AAC: 2-byte raw frame length, then an FLV audio tag body.
    for name, asc in [("lc-44k-stereo", b"\x12\x10"), ("he-aac", b"\x2b\x92\x08\x00"), ("explicit-rate", b"\x17\x80\x00\xbb\x80\x10"),
                      ("escape-object", b"\xf8\x1e\x20")]:
        write("AAC", name, struct.pack(">H", 200) + b"\xaf\x00" + asc)
    write("AAC", "mp3-tag", struct.pack(">H", 10) + b"\x2f\xff\xfb")

    # HTTP requests (byte 0 = how they are cut into reads).
    requests = {
        "get-flv": "GET /live/livestream.flv?vhost=demo&token=a+b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ffplay\r\n\r\n",
        "api-post": "POST /api/v1/clients/abc?callback=cb HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"action\":\"kick\"}",
        "chunked": "PUT /api/v1/raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n",
        "pipelined": "GET /a.m3u8 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hls/a-1.ts HTTP/1.0\r\nRange: bytes=0-99\r\nConnection: keep-alive\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "absolute-form": "GET http://demo.com:8080/live/a.ts?x=%41 HTTP/1.1\r\nHost: other\r\nRange: bytes=-500\r\n\r\n",
        "traversal": "GET /hls/%2e%2e/..%2f/./a//b/ HTTP/1.1\r\nHost: x\r\nRange: bytes=5-\r\n\r\n",
        "folded-bad": "GET / HTTP/1.1\r\nHost: x\r\n folded: y\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    }
    for name, text in requests.items():
        write("HTTPRequest", name, b"\x00" + text.encode())
        write("HTTPRequest", name + "-drip", b"\x01" + text.encode())

    # HTTP responses: byte 0 (bit 0 = HEAD), a URL, 0, the response.
    responses = {
        "hook-ok": ("http://127.0.0.1:8085/api/v1/streams", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"code\": 0}"),
        "chunked": ("https://[::1]:8443/a/b?c", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nFLV\x01\r\na;x=y\r\n0123456789\r\n0\r\nT: 1\r\n\r\n"),
        "redirect": ("../other/stream.flv?x=1#f", "HTTP/1.1 302 Found\r\nLocation: //edge.example:80/live/./a/../b.flv\r\nContent-Length: 0\r\n\r\n"),
        "until-close": ("/absolute/path", "HTTP/1.0 200 OK\r\nServer: SRS\r\n\r\nFLV\x01\x05\x00\x00\x00\x09"),
        "interim": ("?query-only", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX: y\r\n\r\n"),
        "head": ("HTTP://Example.COM:65535", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"),
    }
    for name, (url, text) in responses.items():
        control = b"\x01" if name == "head" else b"\x00"
        write("HTTPResponse", name, control + url.encode() + b"\x00" + text.encode())
        write("HTTPResponse", name + "-split", bytes([control[0] | 0x0e]) + url.encode() + b"\x00" + text.encode())

    # tcUrl, stream, param separated by 0.
    tcurls = {
        "plain": ("rtmp://127.0.0.1:1935/live", "livestream", ""),
        "vhost-query": ("rtmp://127.0.0.1/live?vhost=demo.com&token=1", "livestream?secret=2", "?x=3"),
        "vhost-dots": ("rtmp://host...vhost...demo.com/live/_definst_", "/stream.flv", ""),
        "fmle": ("rtmp://ip/app?k=v/stream", "", ""),
        "ipv6-user": ("rtmp://user@[::1]:19350/a/b/c#frag", "s", "domain=__defaultVhost__"),
        "http": ("https://demo.com/live", "livestream.flv", "vhost=__defaultVhost__&a=b"),
    }
    for name, parts in tcurls.items():
        write("TcUrl", name, b"\x00".join(p.encode() for p in parts))

    # Configs: the shipped ones, and include.conf with its included file (after a 0 byte).
    for conf in sorted(os.listdir(os.path.join(REPO, "conf"))):
        if conf.endswith(".conf"):
            write("Config", conf, open(os.path.join(REPO, "conf", conf), "rb").read())
    main_conf = open(os.path.join(REPO, "conf", "include.conf"), "rb").read()
    vhost_conf = open(os.path.join(REPO, "conf", "include.vhost.conf"), "rb").read()
    write("Config", "include-expanded", main_conf + b"\x00" + vhost_conf)
    write("Config", "include-cycle", b"listen 1935; include a.conf;\x00include b.conf; vhost v { }\x00")
    write("Config", "legacy", b"listen 1935;\nvhost __defaultVhost__ {\n  mode remote; origin 127.0.0.1:19350;\n"
          b"  hls { enabled on; hls_fragment 2; hls_keys on; }\n  http_hooks { enabled on; on_publish http://a/b; }\n"
          b"  play { gop_cache off; queue_length 10; } refer a.com; chunk_size 60000; \"quoted \\\" arg\" 'x';\n}\n# c\n")

    # Found by the long run (2026-12-07; found-huge-duration-1/2 are the fuzzer's own inputs, kept
    # as they were): durations and ratios far beyond range.
    write("Config", "huge-durations", b"listen 1935;\nvhost v { hls { enabled on; hls_window 6333333333333333333333333330; "
          b"hls_td_ratio 100000000000000000000000000000; } play { queue_length 9223372036854775807; mw_latency 99999999999; } }\n")

    # JSON: API bodies, hook replies, cluster answers.
    jsons = {
        "hook-ok": '{"code": 0}',
        "hook-zero": "0",
        "hook-refuse": '{"code": 403, "msg": "no"}',
        "cluster": '{"code":0,"data":{"query":{"ip":"10.0.0.1","vhost":"__defaultVhost__","app":"live","stream":"s"},'
                   '"origin":{"ip":"10.0.0.2","port":19351,"vhost":"__defaultVhost__","api":"10.0.0.2:9090",'
                   '"routers":["10.0.0.2:9090"],"http":"http://10.0.0.2:8080"}}}',
        "cluster-none": '{"code":0,"data":{"origin":null}}',
        "escapes": '["\\u00e9\\ud83d\\ude00\\n\\"\\\\\\/", -0.0, 1e308, -9223372036854775808, 9223372036854775807, 1.5E-7, true, false, null, {}]',
        "nested": "[" * 40 + "]" * 40,
    }
    for name, text in jsons.items():
        write("JSON", name, text)


if __name__ == "__main__":
    main()
