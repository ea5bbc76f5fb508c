"""A small pure-Python RTMP client for integration tests (player, publisher, raw abuse).

Scope: simple handshake (C0=3, C1 with zero version so servers fall back to the plain
handshake), AMF0 encode/decode, chunk stream parsing (fmt 0-3, 1/2/3-byte chunk stream ids,
extended timestamps), SetChunkSize / WindowAckSize / Acknowledgement / ping handling, and an
FLV file reader so recorded clips can be published tag by tag.

Everything has a timeout: no call blocks forever.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

# --------------------------------------------------------------------------------------------
# Message type ids (RTMP spec 5.4, 7.1)
MSG_SET_CHUNK_SIZE = 1
MSG_ABORT = 2
MSG_ACK = 3
MSG_USER_CONTROL = 4
MSG_WINDOW_ACK_SIZE = 5
MSG_SET_PEER_BANDWIDTH = 6
MSG_AUDIO = 8
MSG_VIDEO = 9
MSG_DATA_AMF3 = 15
MSG_COMMAND_AMF3 = 17
MSG_DATA_AMF0 = 18
MSG_COMMAND_AMF0 = 20
MSG_AGGREGATE = 22

# User control events
UC_STREAM_BEGIN = 0
UC_SET_BUFFER_LENGTH = 3
UC_PING_REQUEST = 6
UC_PING_RESPONSE = 7

# Chunk stream ids this client uses when sending
CSID_CONTROL = 2
CSID_COMMAND = 3
CSID_AUDIO = 4
CSID_DATA = 5
CSID_VIDEO = 6
CSID_STREAM_COMMAND = 8


class RtmpError(Exception):
    """Protocol failure or unexpected server answer."""


class ConnectionClosed(RtmpError):
    """The peer closed (or reset) the TCP connection."""


class RtmpTimeout(RtmpError):
    """Nothing matching arrived in time."""


# --------------------------------------------------------------------------------------------
# AMF0


class Undefined:
    """AMF0 undefined (marker 0x06)."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = Undefined()


class ECMAArray(dict):
    """AMF0 ECMA array (marker 0x08); a dict that remembers its wire type."""


AMF0_MAX_DEPTH = 64


def amf0_encode(value: Any) -> bytes:
    """Encodes one value. None -> null, Undefined -> undefined, dict -> object, ECMAArray -> ecma."""
    if value is None:
        return b"\x05"
    if isinstance(value, Undefined):
        return b"\x06"
    if isinstance(value, bool):
        return b"\x01" + (b"\x01" if value else b"\x00")
    if isinstance(value, (int, float)):
        return b"\x00" + struct.pack(">d", float(value))
    if isinstance(value, str):
        raw = value.encode("utf-8")
        if len(raw) > 0xFFFF:
            return b"\x0c" + struct.pack(">I", len(raw)) + raw
        return b"\x02" + struct.pack(">H", len(raw)) + raw
    if isinstance(value, ECMAArray):
        return b"\x08" + struct.pack(">I", len(value)) + _amf0_props(value)
    if isinstance(value, dict):
        return b"\x03" + _amf0_props(value)
    if isinstance(value, (list, tuple)):
        return b"\x0a" + struct.pack(">I", len(value)) + b"".join(amf0_encode(v) for v in value)
    raise TypeError(f"cannot AMF0-encode {type(value)!r}")


def _amf0_props(props: dict) -> bytes:
    out = bytearray()
    for key, val in props.items():
        raw = str(key).encode("utf-8")
        out += struct.pack(">H", len(raw)) + raw + amf0_encode(val)
    out += b"\x00\x00\x09"
    return bytes(out)


def amf0_encode_all(*values: Any) -> bytes:
    return b"".join(amf0_encode(v) for v in values)


def amf0_decode(buf: bytes, pos: int = 0, depth: int = 0) -> tuple[Any, int]:
    """Decodes one value at pos; returns (value, new_pos). Raises RtmpError on malformed input."""
    if depth > AMF0_MAX_DEPTH:
        raise RtmpError("AMF0 nesting too deep")
    if pos >= len(buf):
        raise RtmpError("AMF0 truncated (marker)")
    marker = buf[pos]
    pos += 1

    def need(n: int) -> None:
        if pos + n > len(buf):
            raise RtmpError(f"AMF0 truncated (marker {marker:#x})")

    if marker == 0x00:
        need(8)
        return struct.unpack_from(">d", buf, pos)[0], pos + 8
    if marker == 0x01:
        need(1)
        return buf[pos] != 0, pos + 1
    if marker in (0x02, 0x0C):
        width = 2 if marker == 0x02 else 4
        need(width)
        n = int.from_bytes(buf[pos:pos + width], "big")
        pos += width
        need(n)
        return buf[pos:pos + n].decode("utf-8", "replace"), pos + n
    if marker == 0x03:
        return _amf0_decode_props(buf, pos, depth, {})
    if marker == 0x05:
        return None, pos
    if marker == 0x06:
        return UNDEFINED, pos
    if marker == 0x08:
        need(4)
        return _amf0_decode_props(buf, pos + 4, depth, ECMAArray())
    if marker == 0x0A:
        need(4)
        count = struct.unpack_from(">I", buf, pos)[0]
        pos += 4
        items = []
        for _ in range(count):
            item, pos = amf0_decode(buf, pos, depth + 1)
            items.append(item)
        return items, pos
    if marker == 0x0B:
        need(10)
        return struct.unpack_from(">d", buf, pos)[0], pos + 10
    raise RtmpError(f"AMF0 unsupported marker {marker:#x}")


def _amf0_decode_props(buf: bytes, pos: int, depth: int, out: dict) -> tuple[dict, int]:
    while True:
        if pos + 3 <= len(buf) and buf[pos:pos + 3] == b"\x00\x00\x09":
            return out, pos + 3
        if pos + 2 > len(buf):
            # Some encoders end ECMA arrays without the end marker at end of payload.
            if pos == len(buf) and isinstance(out, ECMAArray):
                return out, pos
            raise RtmpError("AMF0 truncated (property name)")
        n = struct.unpack_from(">H", buf, pos)[0]
        pos += 2
        if pos + n > len(buf):
            raise RtmpError("AMF0 truncated (property name)")
        key = buf[pos:pos + n].decode("utf-8", "replace")
        pos += n
        out[key], pos = amf0_decode(buf, pos, depth + 1)


def amf0_decode_all(buf: bytes) -> list[Any]:
    """Decodes consecutive values until the end of buf (stops at the first malformed one)."""
    values: list[Any] = []
    pos = 0
    while pos < len(buf):
        try:
            value, pos = amf0_decode(buf, pos)
        except RtmpError:
            break
        values.append(value)
    return values


# --------------------------------------------------------------------------------------------
# Messages


@dataclass
class Message:
    """One complete RTMP message as received (or to be sent)."""

    type_id: int
    timestamp: int
    stream_id: int
    payload: bytes
    csid: int = 0
    arrival: float = 0.0  # time.monotonic() when the last chunk arrived

    @property
    def is_audio(self) -> bool:
        return self.type_id == MSG_AUDIO

    @property
    def is_video(self) -> bool:
        return self.type_id == MSG_VIDEO

    @property
    def is_media(self) -> bool:
        return self.type_id in (MSG_AUDIO, MSG_VIDEO)

    @property
    def is_data(self) -> bool:
        return self.type_id in (MSG_DATA_AMF0, MSG_DATA_AMF3)

    @property
    def is_command(self) -> bool:
        return self.type_id in (MSG_COMMAND_AMF0, MSG_COMMAND_AMF3)

    @property
    def is_video_sh(self) -> bool:
        """AVC sequence header: FLV video tag codec 7, AVCPacketType 0."""
        p = self.payload
        return self.is_video and len(p) >= 2 and (p[0] & 0x0F) == 7 and p[1] == 0

    @property
    def is_audio_sh(self) -> bool:
        """AAC sequence header: FLV audio tag format 10, AACPacketType 0."""
        p = self.payload
        return self.is_audio and len(p) >= 2 and (p[0] >> 4) == 10 and p[1] == 0

    @property
    def is_keyframe(self) -> bool:
        """FLV video tag frame type 1 (high nibble of the first byte)."""
        return self.is_video and len(self.payload) >= 1 and (self.payload[0] >> 4) == 1

    @property
    def amf(self) -> list[Any]:
        """Decoded AMF values of a command/data message ([] otherwise)."""
        if self.type_id in (MSG_COMMAND_AMF0, MSG_DATA_AMF0):
            return amf0_decode_all(self.payload)
        if self.type_id in (MSG_COMMAND_AMF3, MSG_DATA_AMF3) and self.payload:
            return amf0_decode_all(self.payload[1:])
        return []

    @property
    def name(self) -> Optional[str]:
        """Command/data name (first AMF value) if it is a string."""
        values = self.amf
        return values[0] if values and isinstance(values[0], str) else None

    def status_code(self) -> Optional[str]:
        """The info object's `code` of onStatus/_result/onFCPublish-like commands."""
        for value in self.amf[1:]:
            if isinstance(value, dict) and "code" in value:
                return value["code"]
        return None

    def __repr__(self) -> str:
        head = self.payload[:8].hex()
        extra = f" {self.name}" if (self.is_command or self.is_data) else ""
        return (f"Message(type={self.type_id}, ts={self.timestamp}, sid={self.stream_id}, "
                f"len={len(self.payload)}, head={head}{extra})")


# --------------------------------------------------------------------------------------------
# Chunk encoding


def encode_basic_header(fmt: int, csid: int) -> bytes:
    """RTMP spec 5.3.1.1: 1-byte (2..63), 2-byte (64..319) or 3-byte (64..65599) basic header."""
    if 2 <= csid <= 63:
        return bytes([(fmt << 6) | csid])
    if 64 <= csid <= 319:
        return bytes([(fmt << 6) | 0, csid - 64])
    if 64 <= csid <= 65599:
        v = csid - 64
        return bytes([(fmt << 6) | 1, v & 0xFF, v >> 8])
    raise ValueError(f"csid out of range: {csid}")


def encode_chunk_header(fmt: int, csid: int, timestamp: int = 0, length: int = 0,
                        type_id: int = 0, stream_id: int = 0) -> bytes:
    """Basic + message header (+ extended timestamp) for one chunk, no payload."""
    out = bytearray(encode_basic_header(fmt, csid))
    ext = timestamp >= 0xFFFFFF
    ts_field = 0xFFFFFF if ext else timestamp
    if fmt <= 2:
        out += ts_field.to_bytes(3, "big")
    if fmt <= 1:
        out += (length & 0xFFFFFF).to_bytes(3, "big") + bytes([type_id & 0xFF])
    if fmt == 0:
        out += struct.pack("<I", stream_id)
    if ext and fmt <= 2:
        out += struct.pack(">I", timestamp & 0xFFFFFFFF)
    return bytes(out)


def encode_message(csid: int, timestamp: int, type_id: int, stream_id: int, payload: bytes,
                   chunk_size: int) -> bytes:
    """fmt0 first chunk, fmt3 continuations; extended timestamp repeated in fmt3 (as SRS/FMS do)."""
    out = bytearray(encode_chunk_header(0, csid, timestamp, len(payload), type_id, stream_id))
    ext = timestamp >= 0xFFFFFF
    first = payload[:chunk_size]
    out += first
    pos = len(first)
    while pos < len(payload):
        out += encode_basic_header(3, csid)
        if ext:
            out += struct.pack(">I", timestamp & 0xFFFFFFFF)
        out += payload[pos:pos + chunk_size]
        pos += chunk_size
    return bytes(out)


def user_control(event: int, *values: int) -> bytes:
    return struct.pack(">H", event) + b"".join(struct.pack(">I", v & 0xFFFFFFFF) for v in values)


# --------------------------------------------------------------------------------------------
# FLV


@dataclass
class FlvTag:
    type_id: int  # 8 audio, 9 video, 18 script
    timestamp: int
    payload: bytes


def read_flv(path: str) -> list[FlvTag]:
    """All tags of an FLV file (header and previous-tag-size fields skipped)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:3] != b"FLV":
        raise RtmpError(f"{path}: not an FLV file")
    pos = struct.unpack_from(">I", data, 5)[0] + 4
    tags = []
    while pos + 11 <= len(data):
        type_id = data[pos] & 0x1F
        size = int.from_bytes(data[pos + 1:pos + 4], "big")
        ts = int.from_bytes(data[pos + 4:pos + 7], "big") | (data[pos + 7] << 24)
        body = data[pos + 11:pos + 11 + size]
        if len(body) < size:
            break
        tags.append(FlvTag(type_id, ts, bytes(body)))
        pos += 11 + size + 4
    return tags


# --------------------------------------------------------------------------------------------
# Client


def _readable(sock: socket.socket, timeout: float) -> bool:
    """Whether the socket is readable (or closed) within timeout; poll, so any fd number works
    (select fails above 1023, which floods of many sockets reach)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(max(0, int(timeout * 1000))))


@dataclass
class _InStream:
    """Receive state of one chunk stream id."""

    timestamp: int = 0
    delta: int = 0
    length: int = 0
    type_id: int = 0
    stream_id: int = 0
    ext: bool = False
    ext_value: int = 0
    partial: bytearray = field(default_factory=bytearray)
    started: bool = False


class RtmpClient:
    """One RTMP connection. Typical use:

        c = RtmpClient(host, port); c.handshake(); c.connect("live")
        c.play("stream")  # or c.publish("stream"); c.send_video(ts, payload)
        c.start_reader(); msg = c.wait_for(lambda m: m.is_video, timeout=3)
        c.close()
    """

    def __init__(self, host: str, port: int, timeout: float = 5.0):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.sock: Optional[socket.socket] = None
        self._buf = bytearray()
        self._in: dict[int, _InStream] = {}
        self.in_chunk_size = 128
        self.out_chunk_size = 128
        self.bytes_in = 0
        self._last_ack = 0
        self.ack_window = 0
        self.messages: list[Message] = []
        self.closed = False
        self.error: Optional[BaseException] = None
        self.stream_id = 0
        self.app = ""
        self._tid = 1
        self._cond = threading.Condition()
        self._send_lock = threading.Lock()
        self._reader: Optional[threading.Thread] = None
        self._stop = threading.Event()

    # ---- socket level -----------------------------------------------------------------

    def open(self) -> "RtmpClient":
        self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(self.timeout)
        return self

    def close(self) -> None:
        self._stop.set()
        sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=3)

    def __enter__(self) -> "RtmpClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def send_raw(self, data: bytes) -> None:
        if self.sock is None:
            raise ConnectionClosed("not connected")
        with self._send_lock:
            try:
                self.sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
                raise ConnectionClosed(str(e)) from e
            except socket.timeout as e:
                raise RtmpTimeout("send timed out") from e

    def _fill(self, n: int, deadline: Optional[float] = None) -> None:
        """Reads until the buffer holds at least n bytes (select-based: the socket's own
        timeout stays self.timeout, which sends from other threads rely on)."""
        while len(self._buf) < n:
            sock = self.sock
            if sock is None:
                raise ConnectionClosed("socket closed locally")
            end = deadline if deadline is not None else time.monotonic() + self.timeout
            left = end - time.monotonic()
            if left <= 0:
                raise RtmpTimeout("read deadline passed")
            try:
                readable = _readable(sock, left)
            except (OSError, ValueError) as e:
                raise ConnectionClosed(str(e)) from e
            if not readable:
                raise RtmpTimeout("read timed out")
            try:
                data = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError as e:
                self.closed = True
                raise ConnectionClosed(str(e)) from e
            if not data:
                self.closed = True
                raise ConnectionClosed("peer closed the connection")
            self._buf += data
            self.bytes_in += len(data)

    def _read(self, n: int) -> bytes:
        self._fill(n)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def recv_exact(self, n: int, timeout: Optional[float] = None) -> bytes:
        """Raw bytes off the connection (for handshake-level abuse)."""
        self._fill(n, time.monotonic() + (timeout or self.timeout))
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def wait_closed(self, timeout: float) -> bool:
        """True if the peer closes (or resets) the connection within timeout; data is discarded."""
        sock = self.sock
        if sock is None or self.closed:
            return True
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                if not _readable(sock, left):
                    return False
                data = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                self.closed = True
                return True
            if not data:
                self.closed = True
                return True

    # ---- handshake --------------------------------------------------------------------

    def handshake(self, version: int = 3) -> bytes:
        """Simple handshake (C1 version field zero). Returns S1."""
        if self.sock is None:
            self.open()
        c1 = struct.pack(">II", int(time.time()) & 0xFFFFFFFF, 0) + os.urandom(1528)
        self.send_raw(bytes([version]) + c1)
        s0 = self._read(1)
        if s0[0] != 3:
            raise RtmpError(f"unexpected S0 {s0[0]}")
        s1 = self._read(1536)
        self._read(1536)  # S2 (echo of C1 for the simple handshake; not verified, like ffmpeg)
        self.send_raw(s1)  # C2 = echo of S1
        return s1

    # ---- chunk level ------------------------------------------------------------------

    def read_message(self, deadline: Optional[float] = None) -> Message:
        """Reads chunks until one message is complete; handles protocol control messages."""
        while True:
            msg = self._read_chunk(deadline)
            if msg is not None:
                self._on_message(msg)
                return msg

    def _read_chunk(self, deadline: Optional[float]) -> Optional[Message]:
        """Parses one chunk. State is committed only once the whole chunk is buffered, so a
        timeout in the middle leaves the parser consistent (the chunk is re-parsed later)."""
        self._fill(1, deadline)
        b0 = self._buf[0]
        fmt, csid = b0 >> 6, b0 & 0x3F
        basic = 1
        if csid == 0:
            self._fill(2, deadline)
            csid = 64 + self._buf[1]
            basic = 2
        elif csid == 1:
            self._fill(3, deadline)
            csid = 64 + self._buf[1] + self._buf[2] * 256
            basic = 3
        mh = (11, 7, 3, 0)[fmt]
        self._fill(basic + mh, deadline)
        header = bytes(self._buf[basic:basic + mh])
        st = self._in.get(csid)
        if st is None:
            if fmt != 0:
                raise RtmpError(f"first chunk of csid {csid} has fmt {fmt}")
            st = _InStream()
        pos = basic + mh
        new_message = len(st.partial) == 0
        timestamp, delta, length = st.timestamp, st.delta, st.length
        type_id, stream_id, ext, ext_value = st.type_id, st.stream_id, st.ext, st.ext_value
        if fmt <= 2:
            ts_field = int.from_bytes(header[0:3], "big")
            ext = ts_field == 0xFFFFFF
            if ext:
                self._fill(pos + 4, deadline)
                ts_field = struct.unpack_from(">I", self._buf, pos)[0]
                pos += 4
            if fmt <= 1:
                length = int.from_bytes(header[3:6], "big")
                if not new_message and length != st.length:
                    raise RtmpError(f"csid {csid}: length changed inside a message")
                type_id = header[6]
            if fmt == 0:
                stream_id = struct.unpack_from("<I", header, 7)[0]
                timestamp = ts_field
                delta = ts_field
            else:
                delta = ts_field
                if new_message:
                    timestamp = (timestamp + ts_field) & 0xFFFFFFFF
            ext_value = ts_field
        else:
            if ext:
                # Extended timestamp repeated in fmt3 (SRS/FMS) or not (some servers): peek.
                self._fill(pos + 4, deadline)
                if struct.unpack_from(">I", self._buf, pos)[0] == ext_value:
                    pos += 4
            if new_message:
                timestamp = (timestamp + delta) & 0xFFFFFFFF
        want = min(self.in_chunk_size, length - len(st.partial))
        self._fill(pos + want, deadline)
        # Commit.
        self._in[csid] = st
        st.timestamp, st.delta, st.length = timestamp, delta, length
        st.type_id, st.stream_id, st.ext, st.ext_value = type_id, stream_id, ext, ext_value
        st.partial += self._buf[pos:pos + want]
        del self._buf[:pos + want]
        self._maybe_ack()
        if len(st.partial) < st.length:
            return None
        payload = bytes(st.partial)
        st.partial = bytearray()
        return Message(st.type_id, st.timestamp, st.stream_id, payload, csid, time.monotonic())

    def _maybe_ack(self) -> None:
        if self.ack_window and self.bytes_in - self._last_ack >= self.ack_window // 2:
            self._last_ack = self.bytes_in
            self.send_message(MSG_ACK, struct.pack(">I", self.bytes_in & 0xFFFFFFFF), csid=CSID_CONTROL)

    def _on_message(self, msg: Message) -> None:
        p = msg.payload
        if msg.type_id == MSG_SET_CHUNK_SIZE and len(p) >= 4:
            size = struct.unpack_from(">I", p)[0] & 0x7FFFFFFF
            if size < 1:
                raise RtmpError("server sent SetChunkSize 0")
            self.in_chunk_size = size
        elif msg.type_id == MSG_WINDOW_ACK_SIZE and len(p) >= 4:
            self.ack_window = struct.unpack_from(">I", p)[0]
        elif msg.type_id == MSG_USER_CONTROL and len(p) >= 6:
            event = struct.unpack_from(">H", p)[0]
            if event == UC_PING_REQUEST:
                self.send_message(MSG_USER_CONTROL, user_control(UC_PING_RESPONSE,
                                                                 struct.unpack_from(">I", p, 2)[0]),
                                  csid=CSID_CONTROL)
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()

    def send_message(self, type_id: int, payload: bytes, timestamp: int = 0,
                     stream_id: int = 0, csid: int = CSID_COMMAND) -> None:
        self.send_raw(encode_message(csid, timestamp, type_id, stream_id, payload, self.out_chunk_size))

    def set_chunk_size(self, size: int) -> None:
        self.send_message(MSG_SET_CHUNK_SIZE, struct.pack(">I", size & 0xFFFFFFFF), csid=CSID_CONTROL)
        if 1 <= size <= 0x7FFFFFFF:
            self.out_chunk_size = size

    def call(self, name: str, *args: Any, tid: Optional[int] = None, stream_id: int = 0,
             csid: int = CSID_COMMAND) -> int:
        """Sends an AMF0 command; returns the transaction id used."""
        if tid is None:
            self._tid += 1
            tid = self._tid
        self.send_message(MSG_COMMAND_AMF0, amf0_encode_all(name, tid, *args),
                          stream_id=stream_id, csid=csid)
        return tid

    # ---- waiting ----------------------------------------------------------------------

    def start_reader(self) -> None:
        """Reads messages in a background thread into self.messages until close()."""
        if self._reader is not None:
            return

        def run() -> None:
            while not self._stop.is_set():
                try:
                    self.read_message(deadline=time.monotonic() + 0.5)
                except RtmpTimeout:
                    continue
                except BaseException as e:  # noqa: BLE001 - recorded for the test to inspect
                    if not self._stop.is_set():
                        self.error = e
                        self.closed = self.closed or isinstance(e, (ConnectionClosed, OSError))
                    break
            with self._cond:
                self._cond.notify_all()

        self._reader = threading.Thread(target=run, name="rtmp-reader", daemon=True)
        self._reader.start()

    def wait_for(self, pred: Callable[[Message], bool], timeout: float, start: int = 0) -> Message:
        """First message (from index start) matching pred; reads synchronously when no reader runs."""
        deadline = time.monotonic() + timeout
        index = start
        while True:
            with self._cond:
                while index < len(self.messages):
                    msg = self.messages[index]
                    index += 1
                    if pred(msg):
                        return msg
                if self._reader is not None:
                    if self.error is not None or not self._reader.is_alive():
                        raise ConnectionClosed(f"reader stopped: {self.error!r}")
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise RtmpTimeout("no matching message in time")
                    self._cond.wait(min(left, 0.2))
                    continue
            if time.monotonic() >= deadline:
                raise RtmpTimeout("no matching message in time")
            self.read_message(deadline)

    def wait_command(self, names: tuple[str, ...], timeout: float, start: int = 0,
                     tid: Optional[int] = None) -> Message:
        def match(m: Message) -> bool:
            if not m.is_command:
                return False
            values = m.amf
            if not values or values[0] not in names:
                return False
            return tid is None or (len(values) > 1 and values[1] == tid)
        return self.wait_for(match, timeout, start)

    def snapshot(self) -> list[Message]:
        with self._cond:
            return list(self.messages)

    # ---- NetConnection / NetStream ----------------------------------------------------

    def tc_url(self, app: str) -> str:
        return f"rtmp://{self.host}:{self.port}/{app}"

    def connect(self, app: str = "live", tc_url: Optional[str] = None, extra: Optional[dict] = None,
                timeout: float = 5.0) -> Message:
        """Sends connect; returns the `_result`. Raises RtmpError on `_error`."""
        self.app = app
        props = {
            "app": app, "flashVer": "LNX 9,0,124,2", "tcUrl": tc_url or self.tc_url(app),
            "fpad": False, "capabilities": 15.0, "audioCodecs": 4071.0, "videoCodecs": 252.0,
            "videoFunction": 1.0, "objectEncoding": 0.0,
        }
        if extra:
            props.update(extra)
        start = len(self.messages)
        self.send_message(MSG_COMMAND_AMF0, amf0_encode_all("connect", 1, props))
        reply = self.wait_command(("_result", "_error"), timeout, start, tid=1)
        if reply.name == "_error":
            raise RtmpError(f"connect rejected: {reply.amf}")
        return reply

    def create_stream(self, timeout: float = 5.0) -> int:
        start = len(self.messages)
        tid = self.call("createStream", None)
        reply = self.wait_command(("_result", "_error"), timeout, start, tid=tid)
        values = reply.amf
        if reply.name != "_result" or len(values) < 4 or not isinstance(values[3], float):
            raise RtmpError(f"createStream failed: {values}")
        self.stream_id = int(values[3])
        return self.stream_id

    def play(self, name: str, start_arg: float = -2000, timeout: float = 5.0,
             reader: bool = True, duration: Optional[float] = None) -> Message:
        """createStream + play(name, start[, duration ms]); waits for onStatus
        NetStream.Play.Start, then starts the background reader."""
        sid = self.create_stream(timeout)
        start = len(self.messages)
        self.send_message(MSG_USER_CONTROL, user_control(UC_SET_BUFFER_LENGTH, sid, 3000),
                          csid=CSID_CONTROL)
        self.play_sent_at = time.monotonic()
        args = (name, start_arg) if duration is None else (name, start_arg, duration)
        self.call("play", None, *args, tid=0, stream_id=sid, csid=CSID_STREAM_COMMAND)
        status = self.wait_for(
            lambda m: m.name == "onStatus" and (m.status_code() or "").startswith("NetStream.Play.")
            and m.status_code() != "NetStream.Play.Reset", timeout, start)
        if status.status_code() != "NetStream.Play.Start":
            raise RtmpError(f"play failed: {status.amf}")
        if reader:
            self.start_reader()
        return status

    def publish(self, name: str, timeout: float = 5.0, fmle: bool = True) -> Message:
        """[releaseStream, FCPublish,] createStream, publish; waits for onStatus Publish.Start."""
        if fmle:
            self.call("releaseStream", None, name)
            self.call("FCPublish", None, name)
        sid = self.create_stream(timeout)
        start = len(self.messages)
        self.call("publish", None, name, "live", stream_id=sid, csid=CSID_STREAM_COMMAND)
        status = self.wait_for(lambda m: m.name == "onStatus", timeout, start)
        if status.status_code() != "NetStream.Publish.Start":
            raise RtmpError(f"publish failed: {status.amf}")
        return status

    # ---- publishing media ---------------------------------------------------------------

    def send_audio(self, timestamp: int, payload: bytes) -> None:
        self.send_message(MSG_AUDIO, payload, timestamp, self.stream_id, CSID_AUDIO)

    def send_video(self, timestamp: int, payload: bytes) -> None:
        self.send_message(MSG_VIDEO, payload, timestamp, self.stream_id, CSID_VIDEO)

    def send_data(self, timestamp: int, payload: bytes) -> None:
        self.send_message(MSG_DATA_AMF0, payload, timestamp, self.stream_id, CSID_DATA)

    def send_metadata(self, props: dict) -> None:
        self.send_data(0, amf0_encode_all("@setDataFrame", "onMetaData", ECMAArray(props)))

    def send_tag(self, tag: FlvTag, ts_offset: int = 0) -> None:
        ts = tag.timestamp + ts_offset
        if tag.type_id == MSG_AUDIO:
            self.send_audio(ts, tag.payload)
        elif tag.type_id == MSG_VIDEO:
            self.send_video(ts, tag.payload)
        elif tag.type_id == MSG_DATA_AMF0:
            self.send_data(ts, amf0_encode("@setDataFrame") + tag.payload)

    def publish_flv(self, tags: list[FlvTag], duration: Optional[float] = None,
                    realtime: bool = True, stop: Optional[threading.Event] = None) -> int:
        """Sends tags (looping when duration exceeds the clip), paced like `ffmpeg -re`.

        Returns the number of tags sent.
        """
        start = time.monotonic()
        offset = 0
        sent = 0
        last_ts = max((t.timestamp for t in tags), default=0)
        while True:
            for tag in tags:
                if stop is not None and stop.is_set():
                    return sent
                if offset and tag.type_id == MSG_DATA_AMF0:
                    continue
                ts = tag.timestamp + offset
                if duration is not None and ts / 1000.0 >= duration:
                    return sent
                if realtime:
                    delay = start + ts / 1000.0 - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                self.send_tag(tag, offset)
                sent += 1
            if duration is None:
                return sent
            offset += last_ts + 40


def media_tags(tags: list[FlvTag]) -> Iterator[FlvTag]:
    return (t for t in tags if t.type_id in (MSG_AUDIO, MSG_VIDEO))
