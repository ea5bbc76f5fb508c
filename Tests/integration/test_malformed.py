"""Malformed input never kills the server (issue test 9). Every case uses its own connection;
after each the process must still run, and at the end a normal publish + play must work with
bounded memory."""

from __future__ import annotations

import random
import struct
import time

import pytest

from harness import (BACKEND, CLIP_360P, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe,
                     start_server)
from rtmp_client import (MSG_AGGREGATE, MSG_AUDIO, MSG_COMMAND_AMF0, MSG_COMMAND_AMF3,
                         MSG_VIDEO, ConnectionClosed, ECMAArray, RtmpClient,
                         RtmpError, RtmpTimeout, amf0_encode, amf0_encode_all,
                         encode_basic_header, encode_chunk_header, encode_message, read_flv)

RSS_LIMIT_MB = 200
SIXTEEN_MIB = 0xFFFFFF


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    srv = start_server(tmp_path_factory, "malformed")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def clip_tags():
    return read_flv(str(CLIP_360P))


@pytest.fixture(autouse=True)
def _server_survives(server: Server):
    yield
    time.sleep(0.05)
    assert server.alive(), f"server died (rc={server.proc.returncode})"


def send_quietly(conn: RtmpClient, data: bytes) -> bool:
    """Sends; returns False if the server already closed the connection."""
    try:
        conn.send_raw(data)
        return True
    except (ConnectionClosed, RtmpTimeout, OSError):
        return False


def rss_ok(server: Server) -> None:
    rss = server.rss_mb()
    assert rss < RSS_LIMIT_MB, f"server RSS {rss:.0f} MB >= {RSS_LIMIT_MB} MB"


# ---- raw bytes and handshake ------------------------------------------------------------------

RANDOM_SIZES = (7, 1537, 5000, 70000)


@pytest.mark.parametrize("seed", (1, 2, 3))
@pytest.mark.parametrize("size", RANDOM_SIZES)
def test_random_bytes_instead_of_a_handshake(server: Server, clients, seed: int, size: int) -> None:
    data = random.Random(seed).randbytes(size)
    conn = clients(server).open()
    sent = send_quietly(conn, data)
    closed = not sent or conn.wait_closed(1.0)
    if size >= 1537 and data[0] != 3 and BACKEND == "srs":
        assert closed, "C0 != 3 with a full C0C1 must be refused (srs-facts 5.1)"


@pytest.mark.parametrize("seed", (1, 2, 3))
@pytest.mark.parametrize("size", RANDOM_SIZES)
def test_random_bytes_after_a_valid_handshake(server: Server, clients, seed: int, size: int) -> None:
    conn = clients(server)
    conn.handshake()
    send_quietly(conn, random.Random(seed * 1000 + size).randbytes(size))
    conn.wait_closed(0.5)


def test_truncated_handshake(server: Server, clients) -> None:
    conn = clients(server).open()
    send_quietly(conn, b"\x03" + random.Random(7).randbytes(768))
    conn.close()
    conn2 = clients(server).open()  # full C0C1, read S0S1S2, half a C2
    conn2.send_raw(b"\x03" + bytes(1536))
    conn2.recv_exact(1 + 1536 + 1536)
    send_quietly(conn2, bytes(700))
    conn2.close()


def test_http_request_on_the_rtmp_port(server: Server, clients) -> None:
    conn = clients(server).open()
    send_quietly(conn, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    conn.wait_closed(0.5)
    conn.close()
    long_request = (b"GET /live/x.flv HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 2000
                    + b"\r\n\r\n")
    conn2 = clients(server).open()
    sent = send_quietly(conn2, long_request)
    if BACKEND == "srs":
        assert not sent or conn2.wait_closed(2.0), "HTTP on the RTMP port was not refused"


def test_c0_version_6_is_refused(server: Server, clients) -> None:
    conn = clients(server).open()
    sent = send_quietly(conn, b"\x06" + random.Random(6).randbytes(1536))
    assert not sent or conn.wait_closed(2.0), "C0=6 was not refused (srs-facts 5.1: plain required)"


# ---- chunk layer ------------------------------------------------------------------------------


def test_set_chunk_size_zero_closes_the_connection(server: Server, clients) -> None:
    conn = clients(server)
    conn.handshake()
    conn.set_chunk_size(0)
    send_quietly(conn, encode_chunk_header(0, 3, 0, 10, MSG_COMMAND_AMF0, 0) + bytes(10))
    if BACKEND == "srs":
        assert conn.wait_closed(2.0), "SetChunkSize 0 must be an error (srs-facts 5.2: < 128)"


def test_set_chunk_size_huge_is_accepted_then_a_16mib_message_is_abandoned(server: Server,
                                                                           clients) -> None:
    conn = clients(server)
    conn.handshake()
    conn.set_chunk_size(0x7FFFFFFF)
    if BACKEND == "srs":  # > 65536 only warns (srs-facts 5.2); nginx-rtmp drops the connection
        assert conn.connect("live").name == "_result"
    send_quietly(conn, encode_chunk_header(0, 9, 0, SIXTEEN_MIB, MSG_VIDEO, 1) + b"\x17\x01" + bytes(64))
    time.sleep(0.3)
    conn.close()
    rss_ok(server)


def test_16mib_message_header_then_close(server: Server, clients) -> None:
    conn = clients(server)
    conn.handshake()
    send_quietly(conn, encode_chunk_header(0, 3, 0, SIXTEEN_MIB, MSG_COMMAND_AMF0, 0) + bytes(100))
    time.sleep(0.3)
    conn.close()
    rss_ok(server)


def test_many_chunk_streams_each_declaring_16mib(server: Server, clients) -> None:
    conn = clients(server)
    conn.handshake()
    out = bytearray()
    for csid in range(3, 3 + 3000):  # 1-, 2- and 3-byte basic headers
        out += encode_chunk_header(0, csid, csid, SIXTEEN_MIB, MSG_AUDIO, 1) + b"\xaf\x01" + bytes(126)
    send_quietly(conn, bytes(out))
    time.sleep(1.0)
    rss_ok(server)  # while the connection (and whatever it holds) is open
    conn.close()
    time.sleep(0.3)
    rss_ok(server)


def test_extended_timestamps_and_fmt3_without_previous_header(server: Server, clients) -> None:
    conn = clients(server)
    conn.handshake()
    data = (encode_basic_header(3, 40) + bytes(8)  # fmt3 on a never-seen chunk stream
            + encode_chunk_header(1, 41, 0xFFFFFFFF, 4, MSG_AUDIO)  # fmt1 first
            + bytes(4))
    send_quietly(conn, data)
    conn.wait_closed(0.5)


# ---- AMF in connect ---------------------------------------------------------------------------

_CONNECT = amf0_encode_all("connect", 1.0)
AMF_CASES = {
    "bad-marker": _CONNECT + b"\xff\xff\xff",
    "unsupported-markers": _CONNECT + b"\x0d\x0e\x0f\x10\x11",
    "truncated-string": b"\x02\xff\xffcon",
    "truncated-number": b"\x02\x00\x07connect\x00\x3f\xf0",
    "truncated-object": _CONNECT + b"\x03\x00\x05app",
    "object-without-end": _CONNECT + b"\x03" + b"\x00\x01a\x05" * 5000,
    "deep-objects": _CONNECT + b"\x03\x00\x01a" * 100_000,
    "deep-strict-arrays": _CONNECT + b"\x0a\x00\x00\x00\x01" * 100_000,
    "deep-ecma-arrays": _CONNECT + b"\x08\x00\x00\x00\x01\x00\x01a" * 60_000,
    "huge-array-count": _CONNECT + b"\x0a\xff\xff\xff\xff\x05",
    "huge-long-string": _CONNECT + b"\x0c\xff\xff\xff\xff" + b"a" * 10,
    "huge-ecma-count": _CONNECT + b"\x08\xff\xff\xff\xff",
    "name-not-a-string": amf0_encode_all(1.0, 1.0, {"app": "live"}),
    "empty-command": b"",
    "timecode-quirk": b"\x00\x00\x00\x00",
    "connect-without-tcUrl": amf0_encode_all("connect", 1.0, {"app": "live"}),
    "connect-tcUrl-not-a-string": amf0_encode_all("connect", 1.0, {"app": "live", "tcUrl": 5.0}),
}


@pytest.mark.parametrize("case", sorted(AMF_CASES))
def test_invalid_amf_in_connect(server: Server, clients, case: str) -> None:
    conn = clients(server)
    conn.handshake()
    conn.set_chunk_size(65536)
    send_quietly(conn, _message(MSG_COMMAND_AMF0, AMF_CASES[case], conn.out_chunk_size))
    send_quietly(conn, _message(MSG_COMMAND_AMF3, b"\x00" + AMF_CASES[case], conn.out_chunk_size))
    closed = conn.wait_closed(1.0)
    if case == "connect-without-tcUrl" and BACKEND == "srs":
        assert closed, "connect without tcUrl must be rejected (srs-facts 5.2)"


def _message(type_id: int, payload: bytes, chunk_size: int, csid: int = 3, sid: int = 0) -> bytes:
    return encode_message(csid, 0, type_id, sid, payload, chunk_size)


# ---- a real publisher sending bad media -------------------------------------------------------


def _publisher(server: Server, clients, stream: str) -> RtmpClient:
    pub = clients(server)
    pub.handshake()
    pub.connect("live")
    pub.set_chunk_size(60000)
    pub.publish(stream)
    return pub


def _player(server: Server, clients, stream: str) -> RtmpClient:
    player = clients(server)
    player.handshake()
    player.connect("live")
    player.play(stream)
    return player


def _republish_works(server: Server, clients, stream: str, tags) -> None:
    """The stream is free again once the abusive publisher is gone (retry while the server
    notices the close)."""
    deadline = time.monotonic() + 6
    while True:
        pub = clients(server)
        try:
            pub.handshake()
            pub.connect("live")
            pub.set_chunk_size(60000)
            pub.publish(stream)
            break
        except RtmpError as e:
            pub.close()
            assert time.monotonic() < deadline, f"stream {stream} stays busy after abuse: {e!r}"
            time.sleep(0.3)
    player = _player(server, clients, stream)
    for tag in tags[:60]:
        pub.send_tag(tag)
    player.wait_for(lambda m: m.is_video and not m.is_video_sh, timeout=5)
    pub.close()
    player.close()


def _valid_frames(tags, count: int = 30):
    return [t for t in tags if t.type_id in (8, 9) and t.payload[1] == 1][:count]


def _corrupt_avcc(pub: RtmpClient, tags) -> None:
    for body in (b"", b"\x01", b"\x01\x64\x00\x1f\xff\xe1\xff\xff\x67",
                 b"\x01\x64\x00\x1f\xff\xff" + b"\x00\x00" * 31, b"\x00" * 64,
                 random.Random(5).randbytes(300)):
        pub.send_video(0, b"\x17\x00\x00\x00\x00" + body)
        for tag in _valid_frames(tags, 10):
            pub.send_tag(tag)


def _corrupt_asc(pub: RtmpClient, tags) -> None:
    for body in (b"", b"\xff", b"\xff\xff\xff\xff", b"\x00\x00", b"\xf8\x00\x00\x00\x00",
                 random.Random(6).randbytes(50)):
        pub.send_audio(0, b"\xaf\x00" + body)
        for tag in _valid_frames(tags, 10):
            pub.send_tag(tag)


def _random_frames(pub: RtmpClient, tags) -> None:
    rnd = random.Random(9)
    ts = 0
    for size in (1, 2, 5, 100, 1000, 50_000, 200_000):
        for prefix in (b"", b"\x17\x01\x00\x00\x00", b"\x27\x01\x00\x00\x00", b"\xaf\x01"):
            ts += 40
            body = prefix + rnd.randbytes(size)
            if prefix.startswith(b"\xaf") or (not prefix and size % 2):
                pub.send_audio(ts, body)
            else:
                pub.send_video(ts, body)
    # NALU length fields larger than the payload
    pub.send_video(ts + 40, b"\x17\x01\x00\x00\x00\xff\xff\xff\xff\x65\x88")
    pub.send_video(ts + 80, b"\x27\x01\x00\x00\x00\x00\x00\x00\x00")


def _zero_length(pub: RtmpClient, tags) -> None:
    for ts in range(0, 400, 40):
        pub.send_audio(ts, b"")
        pub.send_video(ts, b"")
        pub.send_audio(ts, b"\xaf")
        pub.send_video(ts, b"\x17")
        pub.send_data(ts, b"")


def _codec_12(pub: RtmpClient, tags) -> None:
    junk = random.Random(12).randbytes(200)
    for ts in range(0, 400, 40):
        pub.send_video(ts, b"\x1c\x00\x00\x00\x00" + junk)
        pub.send_video(ts, b"\x1c\x01\x00\x00\x00" + junk)
        pub.send_video(ts, b"\x90hvc1" + junk)  # enhanced-RTMP header (v6+), unknown to v5
        pub.send_video(ts, b"\x2f\x01" + junk)  # codec 15


def _bad_metadata(pub: RtmpClient, tags) -> None:
    pub.send_data(0, amf0_encode("@setDataFrame") + b"\xff\xff")
    pub.send_data(0, amf0_encode_all("@setDataFrame", "onMetaData") + b"\x03\x00\x01a" * 50_000)
    pub.send_data(0, amf0_encode_all("onMetaData", ECMAArray({"width": "x", "height": None})))
    pub.send_data(0, amf0_encode_all("@setDataFrame", "onMetaData", 5.0))
    pub.send_data(0, amf0_encode("@setDataFrame"))


def _bad_aggregate(pub: RtmpClient, tags) -> None:
    sub = bytes([9]) + (0xFFFFFF).to_bytes(3, "big") + bytes(7) + b"\x17\x01"  # size > payload
    pub.send_message(MSG_AGGREGATE, sub, 0, pub.stream_id, 6)
    ok = bytes([8]) + (2).to_bytes(3, "big") + bytes(7) + b"\xaf\x01" + struct.pack(">I", 13)
    pub.send_message(MSG_AGGREGATE, ok * 3 + b"\x09\x00", 40, pub.stream_id, 6)
    pub.send_message(MSG_AGGREGATE, b"", 80, pub.stream_id, 6)


def _timestamp_chaos(pub: RtmpClient, tags) -> None:
    frames = _valid_frames(tags, 40)
    for i, tag in enumerate(frames):
        ts = (0xFFFFFFFF, 0, 0x7FFFFFFF, 5, 0xFFFFFF, 0x1000000)[i % 6]
        pub.send_message(tag.type_id, tag.payload, ts, pub.stream_id, 4 if tag.type_id == 8 else 6)


PUBLISHER_CASES = {
    "corrupt-avcC": _corrupt_avcc,
    "corrupt-AudioSpecificConfig": _corrupt_asc,
    "random-frames": _random_frames,
    "zero-length-audio-video": _zero_length,
    "video-codec-id-12": _codec_12,
    "bad-metadata": _bad_metadata,
    "bad-aggregate": _bad_aggregate,
    "timestamp-chaos": _timestamp_chaos,
}


@pytest.mark.parametrize("case", list(PUBLISHER_CASES))
def test_publisher_sends_bad_media(server: Server, clients, clip_tags, case: str) -> None:
    stream = f"abuse-{case}"
    player = _player(server, clients, stream)
    pub = _publisher(server, clients, stream)
    try:
        PUBLISHER_CASES[case](pub, clip_tags)
    except (ConnectionClosed, RtmpTimeout):
        pass  # the server may drop a publisher that sends garbage
    time.sleep(0.3)
    pub.close()
    player.close()
    assert server.alive()
    _republish_works(server, clients, stream, clip_tags)


# ---- after all that ---------------------------------------------------------------------------


def test_memory_stays_bounded(server: Server) -> None:
    rss_ok(server)


def test_normal_publish_and_play_still_work(server: Server, procs: ProcessGroup) -> None:
    ffmpeg_publish(procs, CLIP_360P, server.url("healthy"), server.workdir / "pub-healthy.log")
    found = codecs(ffprobe(server.url("healthy"), timeout=25))
    assert found == {"video": "h264", "audio": "aac"}
    assert server.alive()
    rss_ok(server)
