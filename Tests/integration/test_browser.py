"""The web pages of objs/nginx/html in headless Chromium (Debian's chromium + chromium-driver, driven by
selenium): the index page's links, the player page's stream list (names, count, links, the row going away
after unpublish), HTTP-FLV playing with the page's own player (players/flv-mse.js, no CDN), HLS playing
natively where this Chromium can, and the pure parts of flv-mse.js checked against Python's reading of
the clips.

One server serves a copy of the repository's web root with HTTP-FLV and HLS (hls_path = the web root)
while ffmpeg publishes the 720p and the 360p clip. Nothing is fetched from outside: the CDN scripts the
player page loads lazily (hls.js when there is no native HLS, mpegts.js with ?player=mpegts) fail to load
by design, and those are the only console errors allowed (test_mpegts_... checks that such a failure is
seen and said on the page). A screenshot of the playing page is saved to objs/screenshots/ (not
committed). Every wait is bounded (each test has a 60 s alarm); the module takes ~25 s.

Found on the way (Chromium 156, Debian): its native HLS fails a live playlist of fewer than three
segments with DEMUXER_ERROR_COULD_NOT_PARSE (the same segments play as VOD), so the HLS test waits for
three segments.
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import struct
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from harness import (CLIP_360P, CLIP_720P, HOST, REPO, ProcessGroup, Server, codecs, ffmpeg_publish, ffprobe,
                     free_port, wait_port)

pytestmark = [pytest.mark.srs_only, pytest.mark.time_limit(60)]

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:  # make deps installs it
    webdriver = None

WEB_ROOT = REPO / "objs" / "nginx" / "html"
SCREENSHOTS = REPO / "objs" / "screenshots"
AV, SMALL = "browser-av", "browser-360"
CDN = "cdn.jsdelivr.net"


class Site(Server):
    """srs with the API, a copy of the web root on the HTTP port, HTTP-FLV and HLS into the web root."""

    def __init__(self, workdir: Path):
        self.root = workdir / "html"
        shutil.copytree(WEB_ROOT, self.root)
        super().__init__(workdir, vhost_body=(
            "http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }\n"
            f"hls {{ enabled on; hls_fragment 2; hls_window 30; hls_path {self.root}; }}"))
        self.http_port, self.api_port = free_port(), free_port()

    def write_config(self) -> None:
        super().write_config()
        with self.conf.open("a") as f:
            f.write(f"http_api {{ enabled on; listen {self.api_port}; }}\n"
                    f"http_server {{ enabled on; listen {self.http_port}; dir {self.root}; }}\n")

    def start(self, timeout: float = 10.0) -> "Site":
        super().start(timeout)
        for port in (self.http_port, self.api_port):
            wait_port(port, timeout, self.proc)
        return self

    @property
    def http(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def api(self) -> str:
        return f"http://{HOST}:{self.api_port}"


@dataclass
class Env:
    site: Site
    publishers: ProcessGroup
    small: Any  # the 360p publisher, stopped by the unpublish test


def get(url: str, limit: int = 65536, timeout: float = 5.0) -> tuple[int, str, bytes]:
    """Status, Content-Type and the first `limit` bytes (a live FLV never ends)."""
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return reply.status, reply.headers.get("Content-Type", ""), reply.read(limit)


def live_streams(site: Site) -> dict[str, dict]:
    _, _, body = get(f"{site.api}/api/v1/streams/?count=100")
    return {s["name"]: s for s in json.loads(body)["streams"] if s.get("publish", {}).get("active")}


def wait_for(what: str, ready: Callable[[], Any], timeout: float, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = ready()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} not true after {timeout}s"
        time.sleep(interval)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    site = Site(tmp_path_factory.mktemp("browser")).start()
    group = ProcessGroup("browser-publishers")
    try:
        ffmpeg_publish(group, CLIP_720P, site.url(AV), site.workdir / "pub-av.log")
        small = ffmpeg_publish(group, CLIP_360P, site.url(SMALL), site.workdir / "pub-360.log")
        wait_for("both streams with audio and video in the API",
                 lambda: all(live_streams(site).get(n, {}).get("video") and live_streams(site)[n].get("audio")
                             for n in (AV, SMALL)), 12)
        yield Env(site, group, small)
    finally:
        group.kill_all()
        site.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if webdriver is None or not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("needs chromium, chromium-driver (apt) and selenium (pip): `make deps` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(15)
    driver.set_script_timeout(15)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any, allow_cdn: bool = False) -> list[str]:
    """The console's errors since the last call; failed CDN loads are left out when allowed."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return [m for m in errors if not (allow_cdn and CDN in m)]


def hrefs(driver: Any, css: str) -> list[str]:
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, css)]


def rows(driver: Any) -> dict[str, dict]:
    """The listed streams at one instant (the page rebuilds its table every 5 s): cell texts and links."""
    return driver.execute_script("""const out = {};
        for (const tr of document.querySelectorAll("tr[data-stream]")) out[tr.dataset.stream] = {
          cells: Array.from(tr.querySelectorAll("td"), td => td.textContent),
          links: Object.fromEntries(Array.from(tr.querySelectorAll("a"), a => [a.className, a.href]))};
        return out;""")


def open_players(driver: Any, site: Site, query: str = "") -> None:
    driver.get(f"{site.http}/players/index.html?api={site.api}{query}")
    driver.get_log("browser")


# --------------------------------------------------------------------------------------------
# Pages and links


def test_index_page_links_point_at_the_api_and_the_player_page(env: Env, browser) -> None:
    site = env.site
    browser.get(f"{site.http}/")
    assert browser.title == "srs-swift works!"
    paths = ["/api/v1/versions", "/api/v1/summaries", "/api/v1/streams/", "/api/v1/clients/"]
    assert hrefs(browser, "a.api") == [f"http://{HOST}:1985{p}" for p in paths]  # the default API port
    assert {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".host")} == {HOST}

    browser.get(f"{site.http}/?api={site.api}")
    links = hrefs(browser, "a.api")
    assert links == [f"{site.api}{p}" for p in paths]
    for link in links:
        status, kind, body = get(link)
        assert (status, kind) == (200, "application/json"), link
        assert json.loads(body)["code"] == 0, link
    players = browser.find_element(By.ID, "players").get_attribute("href")
    assert players == f"{site.http}/players/index.html?api={site.api}"
    status, kind, body = get(players)
    assert (status, kind.split(";")[0]) == (200, "text/html") and b"Live streams" in body
    assert console_errors(browser) == []


def test_player_page_lists_the_live_streams_with_working_links(env: Env, browser) -> None:
    site = env.site
    open_players(browser, site)
    listed = wait_for("both streams listed", lambda: len(rows(browser)) == 2 and rows(browser), 8)
    assert set(listed) == {f"/live/{AV}", f"/live/{SMALL}"}
    api = live_streams(site)
    cells = listed[f"/live/{AV}"]["cells"]
    # The API's sample rate is the FLV header's (44100 for any AAC, as SRS), not the clip's 48000.
    assert cells[:3] == [f"/live/{AV}", "H264 1280x720", f"AAC {api[AV]['audio']['sample_rate']}Hz"], cells
    assert listed[f"/live/{SMALL}"]["cells"][1] == "H264 640x360"
    for name in (AV, SMALL):
        links = listed[f"/live/{name}"]["links"]
        assert links == {"flv": f"{site.http}/live/{name}.flv", "m3u8": f"{site.http}/live/{name}.m3u8",
                         "rtmp": site.url(name), "api": f"{site.api}/api/v1/streams/{api[name]['id']}"}, links
        status, kind, body = get(links["flv"], limit=13)
        assert (status, kind, body[:3]) == (200, "video/x-flv", b"FLV")
        status, kind, body = wait_for(f"{links['m3u8']} (the first HLS segment)", lambda: _get_or_none(links["m3u8"]), 12)
        assert (status, kind) == (200, "application/vnd.apple.mpegurl") and body.startswith(b"#EXTM3U")
        status, kind, body = get(links["api"])
        assert (status, kind) == (200, "application/json") and json.loads(body)["stream"]["name"] == name
    assert codecs(ffprobe(links["rtmp"], timeout=10)) == {"video": "h264", "audio": "aac"}
    assert console_errors(browser) == []


def _media_playlist(url: str) -> bytes:
    """The media playlist of an m3u8 URL: the server answers a first request with a master playlist
    naming the session's (`?hls_ctx=`, as SRS), which this follows."""
    body = (_get_or_none(url) or (0, "", b""))[2]
    if b"#EXT-X-STREAM-INF" in body:
        inner = urllib.parse.urljoin(url, body.decode().split("\n")[2].strip())
        body = (_get_or_none(inner) or (0, "", b""))[2]
    return body


def _get_or_none(url: str):
    try:
        return get(url)
    except OSError:
        return None


# --------------------------------------------------------------------------------------------
# Playing


def _click(browser, stream: str, kind: str) -> None:
    browser.execute_script(f"document.querySelector('tr[data-stream=\"/live/{stream}\"] a.{kind}').click();")


def _video(browser) -> dict:
    return browser.execute_script("""const v = document.getElementById("video");
        return {time: v.currentTime, width: v.videoWidth, height: v.videoHeight, paused: v.paused,
                error: v.error && v.error.message, ranges: v.buffered.length,
                audioBytes: v.webkitAudioDecodedByteCount, status: document.getElementById("status").textContent};""")


def _player_state(browser) -> Any:
    return browser.execute_script("""return player && [player.stats, player.source && player.source.readyState,
        Object.values(player.tracks).map(t => t && [t.codec, t.queue.length, t.sequence, t.samples.length])];""")


def _frame_colours(browser) -> int:
    """Distinct colours (8-bit RGB, sampled every 7th pixel) in the video's current frame drawn on a canvas."""
    return browser.execute_script("""const v = document.getElementById("video");
        const c = document.createElement("canvas"); c.width = v.videoWidth; c.height = v.videoHeight;
        const g = c.getContext("2d"); g.drawImage(v, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
        for (let i = 0; i < d.length; i += 28) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;""")


def _assert_plays(browser, width: int, height: int, seconds: float = 2.0) -> dict:
    deadline = time.monotonic() + 10
    while (first := _video(browser))["time"] <= 0.3:
        assert time.monotonic() < deadline, f"the video is not playing after 10 s: {first} {_player_state(browser)}"
        time.sleep(0.2)
    assert (first["width"], first["height"]) == (width, height), first
    started = time.monotonic()
    time.sleep(seconds)
    later = _video(browser)
    advanced, elapsed = later["time"] - first["time"], time.monotonic() - started
    assert later["error"] is None and not later["paused"], later
    assert advanced >= 0.6 * elapsed, f"currentTime advanced {advanced:.2f}s in {elapsed:.2f}s: {later}"
    assert _frame_colours(browser) > 50, "the video frame is (nearly) one colour"
    return later


def test_http_flv_plays_with_the_page_s_own_player_and_shows_video(env: Env, browser) -> None:
    open_players(browser, env.site)
    wait_for("the streams listed", lambda: len(rows(browser)) == 2, 8)
    _click(browser, AV, "flv")
    later = _assert_plays(browser, 1280, 720)
    assert later["status"] == f"playing {env.site.http}/live/{AV}.flv with flv-mse.js", later
    assert later["audioBytes"] > 0, f"no audio decoded: {later}"
    assert later["ranges"] == 1, f"buffered has gaps: {later}"
    stats = browser.execute_script("return player.stats;")
    assert stats["fragments"] > 10 and stats["tags"] > 100, stats
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "player-http-flv.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 20_000
    print(f"screenshot: {shot} ({later})")
    assert console_errors(browser) == []
    clients = [c for c in json.loads(get(f"{env.site.api}/api/v1/clients/?count=100")[2])["clients"]
               if c["name"] == AV and c["type"] == "flv-play"]
    assert len(clients) == 1, clients


def test_hls_plays_natively_where_chromium_can_else_fails_only_on_the_cdn(env: Env, browser) -> None:
    open_players(browser, env.site)
    wait_for("the streams listed", lambda: len(rows(browser)) == 2, 8)
    native = browser.execute_script(
        "return document.getElementById('video').canPlayType('application/vnd.apple.mpegurl');")
    url = f"{env.site.http}/live/{AV}.m3u8"
    # Chromium 156's native HLS fails a live playlist of one or two segments (DEMUXER_ERROR_COULD_NOT_PARSE;
    # the same segments play as VOD), so it is opened once it lists three (~12 s after the publish).
    deadline = time.monotonic() + 20
    while (playlist := _media_playlist(url)).count(b"#EXTINF") < 3:
        assert time.monotonic() < deadline, f"{url} lists < 3 segments after 20 s: {playlist!r}"
        time.sleep(0.2)
    _click(browser, AV, "m3u8")
    if native:
        later = _assert_plays(browser, 1280, 720)
        assert later["status"] == f"playing {url} with native HLS", later
        assert console_errors(browser) == []
    else:  # hls.js comes from the CDN, which this machine cannot reach
        wait_for("the page saying why", lambda: _video(browser)["status"].startswith(f"cannot play {url}"), 10)
        assert CDN in _video(browser)["status"]
        assert console_errors(browser, allow_cdn=True) == []


def test_mpegts_on_request_comes_from_the_cdn_and_fails_only_there_without_internet(env: Env, browser) -> None:
    open_players(browser, env.site, "&player=mpegts")
    wait_for("the streams listed", lambda: len(rows(browser)) == 2, 8)
    _click(browser, AV, "flv")
    url = f"{env.site.http}/live/{AV}.flv"
    status = wait_for("the page saying what plays", lambda: (t := _video(browser)["status"]).startswith(
        (f"cannot play {url}", f"playing {url}")) and t, 10)
    if status == f"playing {url} with mpegts.js":  # a machine that reaches the CDN
        _assert_plays(browser, 1280, 720)
        return
    assert status == f"cannot play {url}: cannot load https://{CDN}/npm/mpegts.js@1.7.3/dist/mpegts.js", status
    logged = browser.get_log("browser")
    assert any(CDN in e["message"] for e in logged if e["level"] == "SEVERE"), logged  # the load did fail
    assert [e for e in logged if e["level"] == "SEVERE" and CDN not in e["message"]] == []


# --------------------------------------------------------------------------------------------
# flv-mse.js, pure parts


def _flv_tags(data: bytes) -> list[tuple[int, int, bytes]]:
    """(type, timestamp, payload) of every complete tag, read by Python."""
    at, tags = struct.unpack(">I", data[5:9])[0] + 4, []
    while at + 11 <= len(data):
        size = int.from_bytes(data[at + 1:at + 4], "big")
        if at + 15 + size > len(data):
            break
        stamp = int.from_bytes(data[at + 4:at + 7], "big") | (data[at + 7] << 24)
        tags.append((data[at] & 0x1F, stamp, data[at + 11:at + 11 + size]))
        at += 15 + size
    return tags


def _boxes(data: bytes) -> dict[str, bytes]:
    """Top-level MP4 boxes by type (the body without the 8-byte header); the sizes must add up."""
    at, found = 0, {}
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        assert size >= 8 and at + size <= len(data), f"bad box size {size} at {at}"
        found[kind.decode()] = data[at + 8:at + size]
        at += size
    return found


def _path(data: bytes, *path: str, skip: dict[str, int] | None = None) -> bytes:
    """The body of a nested box; `skip` gives the bytes before a box's children (full box fields, entries)."""
    skip = skip or {}
    for kind in path:
        data = _boxes(data)[kind]
        data = data[skip.get(kind, 0):]
    return data


SKIP = {"stsd": 8, "avc1": 78, "mp4a": 28, "dref": 8}


def _run(browser, script: str, *args):
    return browser.execute_script(f"const b64 = (s) => Uint8Array.from(atob(s), c => c.charCodeAt(0));\n{script}",
                                  *args)


def test_flv_mse_reads_tags_from_chunks_of_any_size_like_python(env: Env, browser) -> None:
    open_players(browser, env.site)
    data = CLIP_360P.read_bytes()[:300_000]
    want = _flv_tags(data)
    chunks, at, rng = [], 0, random.Random(7)
    while at < len(data):
        n = rng.choice([1, 2, 5, 11, 13, 100, 4096, 65536])
        chunks.append(base64.b64encode(data[at:at + n]).decode())
        at += n
    got = _run(browser, """const r = new FlvMse.FlvReader(), out = [];
        for (const c of arguments[0]) for (const t of r.push(b64(c))) out.push([t.type, t.timestamp, t.data.length,
            t.data[0], t.data[t.data.length - 1]]);
        return out;""", chunks)
    assert len(want) > 100
    assert got == [[t, s, len(p), p[0], p[-1]] for t, s, p in want]
    error = _run(browser, """try { new FlvMse.FlvReader().push(b64(arguments[0])); return null; }
        catch (e) { return e.message; }""", base64.b64encode(b"GIF89a\x00\x00\x00\x00\x00\x00\x00").decode())
    assert error == "not an FLV stream (no FLV signature)"


@pytest.mark.parametrize("clip,width,height", [(CLIP_720P, 1280, 720), (CLIP_360P, 640, 360)])
def test_flv_mse_codec_configs_and_init_segments_match_the_clip(env: Env, browser, clip, width, height) -> None:
    open_players(browser, env.site)
    tags = _flv_tags(clip.read_bytes()[:100_000])
    avc = next(p for t, _, p in tags if t == 9 and p[1] == 0)[5:]  # 360p: 368 coded lines cropped to 360
    asc = next(p for t, _, p in tags if t == 8 and p[1] == 0)[2:]
    probe = {s["codec_type"]: s for s in ffprobe(str(clip), extra=["-show_entries", "stream=sample_rate,channels"])}
    got = _run(browser, """const avc = b64(arguments[0]), asc = b64(arguments[1]);
        const v = FlvMse.parseAvcConfig(avc), a = FlvMse.parseAudioConfig(asc);
        const vi = FlvMse.initSegment(Object.assign({id: 1, kind: "video", config: avc}, v));
        const ai = FlvMse.initSegment(Object.assign({id: 2, kind: "audio", config: asc}, a));
        return {v, a, vi: Array.from(vi), ai: Array.from(ai),
                vok: MediaSource.isTypeSupported(`video/mp4; codecs="${v.codec}"`),
                aok: MediaSource.isTypeSupported(`audio/mp4; codecs="${a.codec}"`)};""",
               base64.b64encode(avc).decode(), base64.b64encode(asc).decode())
    assert got["v"] == {"codec": f"avc1.{avc[1]:02x}{avc[2]:02x}{avc[3]:02x}", "width": width, "height": height}
    assert (probe["video"]["width"], probe["video"]["height"]) == (width, height)
    assert got["a"] == {"codec": "mp4a.40.2", "rate": int(probe["audio"]["sample_rate"]),
                        "channels": probe["audio"]["channels"]}
    assert got["vok"] and got["aok"]
    video, audio = bytes(got["vi"]), bytes(got["ai"])
    assert _boxes(video)["ftyp"][:4] == b"isom" and set(_boxes(video)) == {"ftyp", "moov"}
    assert _path(video, "moov", "trak", "mdia", "minf", "stbl", "stsd", "avc1", "avcC", skip=SKIP) == avc
    entry = _path(video, "moov", "trak", "mdia", "minf", "stbl", "stsd", skip=SKIP)
    assert struct.unpack(">HH", entry[8 + 24:8 + 28]) == (width, height)
    tkhd = _path(video, "moov", "trak", "tkhd")
    assert struct.unpack(">II", tkhd[-8:]) == (width << 16, height << 16)
    esds = _path(audio, "moov", "trak", "mdia", "minf", "stbl", "stsd", "mp4a", "esds", skip=SKIP)
    assert esds.endswith(bytes([5, len(asc)]) + asc + bytes([6, 1, 2]))
    assert _path(audio, "moov", "mvex", "trex")[4:8] == b"\x00\x00\x00\x02"


def test_flv_mse_fragment_offsets_sizes_and_flags(env: Env, browser) -> None:
    open_players(browser, env.site)
    got = bytes(browser.execute_script("""return Array.from(FlvMse.fragment(1, 7, [
        {dts: 5000000000, cts: 66, key: true, duration: 33, data: new Uint8Array([1, 2, 3])},
        {dts: 5000000033, cts: -33, key: false, duration: 34, data: new Uint8Array([4, 5])}]));"""))
    top = _boxes(got)
    assert list(top) == ["moof", "mdat"] and top["mdat"] == bytes([1, 2, 3, 4, 5])
    assert _path(got, "moof", "mfhd")[4:] == struct.pack(">I", 7)
    assert _path(got, "moof", "traf", "tfdt") == b"\x01\x00\x00\x00" + struct.pack(">Q", 5000000000)
    trun = _path(got, "moof", "traf", "trun")
    version_flags, count, offset = struct.unpack(">III", trun[:12])
    assert (version_flags, count) == (0x01000F01, 2)
    assert got[offset:offset + 5] == bytes([1, 2, 3, 4, 5])  # data_offset: from the moof's start to the payload
    assert [struct.unpack(">IIIi", trun[12 + 16 * i:28 + 16 * i]) for i in range(2)] == [
        (33, 3, 0x02000000, 66), (34, 2, 0x01010000, -33)]
    errors = browser.execute_script("""const out = [];
        for (const [f, arg] of [[FlvMse.parseAvcConfig, [1, 100, 0, 31, 255, 225, 0, 9, 0x67]],
                                [FlvMse.parseAvcConfig, [1, 100, 0, 31, 255, 225, 0, 2, 0x67, 0x64]],
                                [FlvMse.parseAvcConfig, [0, 0, 0, 0, 0, 0, 0]],
                                [FlvMse.parseAudioConfig, [0x12]], [FlvMse.parseAudioConfig, [0x17, 0x90]]]) {
          try { f(new Uint8Array(arg)); out.push(null); } catch (e) { out.push(e.message); }
        }
        return out;""")
    assert errors == ["AVC sequence header: SPS truncated", "SPS truncated", "bad AVC sequence header (no avcC version 1)",
                      "AAC sequence header shorter than 2 bytes", "AAC sample rate index 15 not supported"]


# --------------------------------------------------------------------------------------------
# Unpublish (last: it stops the 360p stream)


def test_player_page_drops_the_stream_after_unpublish(env: Env, browser) -> None:
    open_players(browser, env.site)
    wait_for("both streams listed", lambda: len(rows(browser)) == 2, 8)
    ProcessGroup.kill(env.small)
    wait_for("the API without the 360p stream", lambda: SMALL not in live_streams(env.site), 8)
    left = wait_for("the page's list refreshed", lambda: len(rows(browser)) == 1 and rows(browser), 8)  # every 5 s
    assert set(left) == {f"/live/{AV}"}
    assert console_errors(browser) == []
