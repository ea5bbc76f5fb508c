"""Self-tests of the test client (no server): AMF0 and chunk parsing must be right, or every
other verdict in this suite is worthless."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from rtmp_client import (MSG_AUDIO, MSG_SET_CHUNK_SIZE, MSG_VIDEO, UNDEFINED, ECMAArray, RtmpClient,
                         RtmpError, amf0_decode, amf0_decode_all, amf0_encode_all,
                         encode_basic_header, encode_chunk_header, encode_message)


def test_amf0_values_round_trip() -> None:
    values = [0.0, -1.5, True, False, "", "connect", "é" * 10, None, UNDEFINED,
              {"a": 1.0, "b": {"c": "d"}}, ECMAArray({"w": 640.0}), [1.0, "x", None], "x" * 70000]
    encoded = amf0_encode_all(*values)
    decoded = amf0_decode_all(encoded)
    assert decoded[:7] == values[:7] and decoded[7] is None and decoded[8] is UNDEFINED
    assert decoded[9:] == values[9:]
    assert isinstance(decoded[10], ECMAArray)


@pytest.mark.parametrize("data", [b"\x02\x00\x05ab", b"\x00\x3f", b"\x03\x00\x01a", b"\x0d",
                                  b"\x03\x00\x01a" * 100],
                         ids=["short-string", "short-number", "open-object", "bad-marker", "too-deep"])
def test_amf0_rejects_malformed_input(data: bytes) -> None:
    with pytest.raises(RtmpError):
        amf0_decode(data)


def _parse_all(data: bytes, count: int, drip: bool = False) -> list:
    """Feeds data through a socketpair (optionally one byte at a time); parses count messages."""
    a, b = socket.socketpair()
    client = RtmpClient("unused", 0, timeout=3)
    client.sock = a

    def feed() -> None:
        if drip:
            for i in range(len(data)):
                b.sendall(data[i:i + 1])
        else:
            b.sendall(data)

    sender = threading.Thread(target=feed)
    sender.start()
    messages = []
    try:
        while len(messages) < count:
            messages.append(client.read_message(deadline=None))
    finally:
        sender.join()
        a.close()
        b.close()
    return messages


def _stream() -> tuple[bytes, list[tuple[int, int, int]]]:
    """fmt0/1/2/3 mix, 1/2/3-byte csids, extended timestamps, interleaving, chunk size change."""
    out = bytearray()
    out += encode_message(4, 0x1000000, MSG_AUDIO, 1, b"a" * 300, 128)  # extended ts, fmt3 repeated
    out += encode_message(300, 10, MSG_VIDEO, 1, b"v" * 200, 128)  # 3-byte csid
    out += encode_chunk_header(1, 4, 20, 5, MSG_AUDIO) + b"b" * 5  # fmt1: delta 20 -> 0x1000014
    out += encode_chunk_header(2, 4, 30) + b"c" * 5  # fmt2: +30
    out += encode_basic_header(3, 4) + b"d" * 5  # fmt3 new message: +30 again
    out += encode_message(2, 0, MSG_SET_CHUNK_SIZE, 0, struct.pack(">I", 4096), 128)
    out += encode_message(100, 40, MSG_VIDEO, 1, b"w" * 5000, 4096)  # 2-byte csid
    expected = [(MSG_AUDIO, 0x1000000, 300), (MSG_VIDEO, 10, 200), (MSG_AUDIO, 0x1000014, 5),
                (MSG_AUDIO, 0x1000032, 5), (MSG_AUDIO, 0x1000050, 5), (MSG_SET_CHUNK_SIZE, 0, 4),
                (MSG_VIDEO, 40, 5000)]
    return bytes(out), expected


@pytest.mark.parametrize("drip", [False, True])
def test_chunk_stream_parses_every_header_form(drip: bool) -> None:
    data, expected = _stream()
    messages = _parse_all(data, len(expected), drip)
    assert [(m.type_id, m.timestamp, len(m.payload)) for m in messages] == expected
    assert messages[-1].payload == b"w" * 5000
