// flv-mse.js: plays a live HTTP-FLV stream (H.264 and AAC) in a <video> with Media Source Extensions and
// no library. FLV tags are parsed as they arrive and remuxed into fragmented MP4: one init segment
// (ftyp + moov) per track, then one moof + mdat per batch of samples, appended to one SourceBuffer per track.
//   const player = new FlvMse.Player(video, "http://host:8080/live/livestream.flv", text => console.log(text));
//   player.destroy();
// The pure parts (FlvReader, parseAvcConfig, parseSps, parseAudioConfig, initSegment, fragment) are exported
// on FlvMse too; Tests/integration/test_browser.py checks them in the browser.
(function (global) {
  "use strict";

  // ---------------------------------------------------------------------------------------------- bytes

  function bytes(...parts) {
    let length = 0;
    for (const part of parts) length += part.length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  }
  const u16 = (n) => [(n >>> 8) & 255, n & 255];
  const u24 = (n) => [(n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u32 = (n) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u64 = (n) => u32(Math.floor(n / 2 ** 32)).concat(u32(n % 2 ** 32));
  const zeros = (n) => new Uint8Array(n);
  const ascii = (text) => Array.from(text, (c) => c.charCodeAt(0));
  const readU16 = (b, at) => (b[at] << 8) | b[at + 1];
  const readU24 = (b, at) => (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];
  const readU32 = (b, at) => ((b[at] << 24) | readU24(b, at + 1)) >>> 0;
  const hex2 = (n) => n.toString(16).padStart(2, "0");

  // ---------------------------------------------------------------------------------------------- FLV

  // Splits a byte stream that arrives in chunks of any size into FLV tags {type, timestamp, data}.
  class FlvReader {
    constructor() { this.pending = new Uint8Array(0); this.inHeader = true; }

    push(chunk) {
      const b = this.pending.length ? bytes(this.pending, chunk) : chunk;
      const tags = [];
      let at = 0;
      if (this.inHeader) {
        if (b.length < 9) { this.pending = b; return tags; }
        if (b[0] !== 0x46 || b[1] !== 0x4c || b[2] !== 0x56) throw new Error("not an FLV stream (no FLV signature)");
        at = readU32(b, 5) + 4; // the header, then PreviousTagSize0
        if (b.length < at) { this.pending = b; return tags; }
        this.inHeader = false;
      }
      while (b.length - at >= 11) {
        const size = readU24(b, at + 1);
        if (b.length - at < 11 + size + 4) break;
        const timestamp = ((b[at + 7] << 24) | readU24(b, at + 4)) >>> 0;
        tags.push({ type: b[at] & 0x1f, timestamp, data: b.subarray(at + 11, at + 11 + size) });
        at += 11 + size + 4;
      }
      this.pending = b.subarray(at);
      return tags;
    }
  }

  // ---------------------------------------------------------------------------------------------- codecs

  // The AVCDecoderConfigurationRecord of a video sequence header: codec string and picture size.
  function parseAvcConfig(record) {
    if (record.length < 7 || record[0] !== 1) throw new Error("bad AVC sequence header (no avcC version 1)");
    if ((record[5] & 31) < 1) throw new Error("AVC sequence header without an SPS");
    const spsLength = readU16(record, 6);
    if (record.length < 8 + spsLength) throw new Error("AVC sequence header: SPS truncated");
    const sps = parseSps(record.subarray(8, 8 + spsLength));
    return { codec: `avc1.${hex2(record[1])}${hex2(record[2])}${hex2(record[3])}`, width: sps.width, height: sps.height };
  }

  // Reads bits MSB first from a NAL unit's payload with its emulation prevention bytes removed.
  class BitReader {
    constructor(nal) {
      const clean = [];
      for (let i = 0; i < nal.length; i++) {
        if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
        clean.push(nal[i]);
      }
      this.data = clean; this.bit = 0;
    }
    bits(n) {
      let value = 0;
      for (let i = 0; i < n; i++, this.bit++) {
        if (this.bit >> 3 >= this.data.length) throw new Error("SPS truncated");
        value = value * 2 + ((this.data[this.bit >> 3] >> (7 - (this.bit & 7))) & 1);
      }
      return value;
    }
    ue() {
      let zeros = 0;
      while (this.bits(1) === 0) if (++zeros > 31) throw new Error("SPS: bad Exp-Golomb code");
      return 2 ** zeros - 1 + this.bits(zeros);
    }
    se() { const k = this.ue(); return k % 2 ? (k + 1) / 2 : -k / 2; }
  }

  // The picture size an H.264 SPS (NAL unit with its header byte) declares, after cropping.
  function parseSps(nal) {
    const r = new BitReader(nal.subarray(1));
    const profile = r.bits(8); r.bits(16); r.ue();
    let chroma = 1;
    if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) {
      chroma = r.ue();
      if (chroma === 3) r.bits(1);
      r.ue(); r.ue(); r.bits(1);
      if (r.bits(1)) {
        for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) if (r.bits(1)) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
    r.ue();
    const pocType = r.ue();
    if (pocType === 0) r.ue();
    else if (pocType === 1) { r.bits(1); r.se(); r.se(); for (let n = r.ue(); n > 0; n--) r.se(); }
    r.ue(); r.bits(1);
    const widthMbs = r.ue() + 1, heightUnits = r.ue() + 1, frameMbsOnly = r.bits(1);
    if (!frameMbsOnly) r.bits(1);
    r.bits(1);
    let [left, right, top, bottom] = [0, 0, 0, 0];
    if (r.bits(1)) [left, right, top, bottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
    const cropX = chroma === 1 || chroma === 2 ? 2 : 1, cropY = (chroma === 1 ? 2 : 1) * (2 - frameMbsOnly);
    return { profile, width: widthMbs * 16 - (left + right) * cropX,
      height: (2 - frameMbsOnly) * heightUnits * 16 - (top + bottom) * cropY };
  }

  function skipScalingList(r, size) {
    let last = 8, next = 8;
    for (let j = 0; j < size; j++) {
      if (next !== 0) next = (last + r.se() + 256) % 256;
      last = next === 0 ? last : next;
    }
  }

  const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

  // The AudioSpecificConfig of an AAC sequence header: codec string, sample rate, channels.
  function parseAudioConfig(asc) {
    if (asc.length < 2) throw new Error("AAC sequence header shorter than 2 bytes");
    const objectType = asc[0] >> 3, rateIndex = ((asc[0] & 7) << 1) | (asc[1] >> 7);
    if (objectType === 0 || objectType === 31) throw new Error(`AAC object type ${objectType} not supported`);
    if (rateIndex >= AAC_RATES.length) throw new Error(`AAC sample rate index ${rateIndex} not supported`);
    return { codec: `mp4a.40.${objectType}`, rate: AAC_RATES[rateIndex], channels: (asc[1] >> 3) & 15 };
  }

  // ---------------------------------------------------------------------------------------------- MP4

  function box(type, ...parts) { const body = bytes(...parts); return bytes(u32(body.length + 8), ascii(type), body); }
  function fullBox(type, version, flags, ...parts) { return box(type, [version], u24(flags), ...parts); }
  const MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].flatMap(u32);
  const TIMESCALE = 1000; // FLV timestamps are milliseconds

  // ftyp + moov of one track: {id, kind: "video"|"audio", config (avcC record or AudioSpecificConfig),
  // width/height or rate/channels}.
  function initSegment(track) {
    const video = track.kind === "video";
    const entry = video
      ? box("avc1", zeros(6), u16(1), zeros(16), u16(track.width), u16(track.height), u32(0x00480000),
        u32(0x00480000), u32(0), u16(1), zeros(32), u16(0x18), u16(0xffff), box("avcC", track.config))
      : box("mp4a", zeros(6), u16(1), zeros(8), u16(track.channels), u16(16), zeros(4), u32(track.rate * 65536),
        fullBox("esds", 0, 0, [3, 23 + track.config.length], u16(track.id), [0],
          [4, 15 + track.config.length, 0x40, 0x15], u24(0), u32(0), u32(0),
          [5, track.config.length], track.config, [6, 1, 2]));
    const stbl = box("stbl", fullBox("stsd", 0, 0, u32(1), entry), fullBox("stts", 0, 0, u32(0)),
      fullBox("stsc", 0, 0, u32(0)), fullBox("stsz", 0, 0, u32(0), u32(0)), fullBox("stco", 0, 0, u32(0)));
    const minf = box("minf", video ? fullBox("vmhd", 0, 1, zeros(8)) : fullBox("smhd", 0, 0, zeros(4)),
      box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1))), stbl);
    const mdia = box("mdia", fullBox("mdhd", 0, 0, u32(0), u32(0), u32(TIMESCALE), u32(0), u16(0x55c4), u16(0)),
      fullBox("hdlr", 0, 0, u32(0), ascii(video ? "vide" : "soun"), zeros(12), ascii(track.kind), [0]), minf);
    const tkhd = fullBox("tkhd", 0, 3, u32(0), u32(0), u32(track.id), u32(0), u32(0), zeros(8), u16(0), u16(0),
      u16(video ? 0 : 0x0100), u16(0), MATRIX, u32((track.width || 0) * 65536), u32((track.height || 0) * 65536));
    const mvhd = fullBox("mvhd", 0, 0, u32(0), u32(0), u32(TIMESCALE), u32(0), u32(0x00010000), u16(0x0100),
      zeros(10), MATRIX, zeros(24), u32(0xffffffff));
    const mvex = box("mvex", fullBox("trex", 0, 0, u32(track.id), u32(1), u32(0), u32(0), u32(0)));
    return bytes(box("ftyp", ascii("isom"), u32(512), ascii("isomiso6avc1mp41")),
      box("moov", mvhd, box("trak", tkhd, mdia), mvex));
  }

  // moof + mdat of samples [{dts, cts, key, duration, data}] (times in ms from the stream's start).
  function fragment(trackId, sequence, samples) {
    const moof = (dataOffset) => box("moof", fullBox("mfhd", 0, 0, u32(sequence)),
      box("traf", fullBox("tfhd", 0, 0x020000, u32(trackId)), fullBox("tfdt", 1, 0, u64(samples[0].dts)),
        fullBox("trun", 1, 0x000f01, u32(samples.length), u32(dataOffset),
          samples.flatMap((s) => [...u32(s.duration), ...u32(s.data.length),
            ...u32(s.key ? 0x02000000 : 0x01010000), ...u32(s.cts)]))));
    const size = moof(0).length;
    return bytes(moof(size + 8), u32(8 + samples.reduce((n, s) => n + s.data.length, 0)), ascii("mdat"),
      ...samples.map((s) => s.data));
  }

  // ---------------------------------------------------------------------------------------------- player

  const TAG_AUDIO = 8, TAG_VIDEO = 9, CODEC_AVC = 7, SOUND_AAC = 10;

  class Player {
    constructor(video, url, onStatus) {
      this.video = video; this.url = url; this.onStatus = onStatus || (() => {});
      this.tracks = { video: null, audio: null }; // {id, kind, config, codec, buffer, queue, samples, sequence}
      this.reader = new FlvReader(); this.base = null; this.started = false; this.skipped = new Set();
      this.abort = new AbortController(); this.source = new MediaSource();
      this.stats = { tags: 0, fragments: 0, bytes: 0 };
      video.src = URL.createObjectURL(this.source);
      this.source.addEventListener("sourceopen", () => this.load().catch((e) => this.fail(e)), { once: true });
    }

    destroy() {
      this.abort.abort();
      URL.revokeObjectURL(this.video.src);
      this.video.removeAttribute("src");
    }

    fail(error) { if (!this.abort.signal.aborted) this.onStatus(`flv-mse: ${error.message}`); }

    async load() {
      const response = await fetch(this.url, { signal: this.abort.signal });
      if (!response.ok) throw new Error(`GET ${this.url}: HTTP ${response.status}`);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) { this.onStatus(`flv-mse: ${this.url} ended`); return; }
        this.stats.bytes += value.length;
        for (const tag of this.reader.push(value)) this.onTag(tag);
        for (const track of Object.values(this.tracks)) if (track && track.buffer) this.flush(track);
      }
    }

    onTag(tag) {
      this.stats.tags++;
      const d = tag.data;
      if (tag.type === TAG_VIDEO && d.length >= 5) {
        if ((d[0] & 15) !== CODEC_AVC) return this.skip(`video codec ${d[0] & 15} (not H.264)`);
        const cts = (readU24(d, 2) << 8) >> 8; // signed 24 bits
        if (d[1] === 0) return this.configure("video", d.subarray(5), parseAvcConfig);
        if (d[1] === 1) this.sample("video", tag.timestamp, cts, d[0] >> 4 === 1, d.subarray(5));
      } else if (tag.type === TAG_AUDIO && d.length >= 2) {
        if (d[0] >> 4 !== SOUND_AAC) return this.skip(`audio format ${d[0] >> 4} (not AAC)`);
        if (d[1] === 0) return this.configure("audio", d.subarray(2), parseAudioConfig);
        if (d[1] === 1) this.sample("audio", tag.timestamp, 0, true, d.subarray(2));
      }
    }

    skip(what) { if (!this.skipped.has(what)) { this.skipped.add(what); this.onStatus(`flv-mse: ${what} skipped`); } }

    configure(kind, config, parse) {
      const track = this.tracks[kind];
      if (track && track.config.length === config.length && track.config.every((b, i) => b === config[i])) return;
      const info = Object.assign(parse(config), { config: config.slice() });
      if (!track) {
        this.tracks[kind] = Object.assign({ id: kind === "video" ? 1 : 2, kind, queue: [], samples: [], sequence: 0,
          buffer: null }, info);
        return;
      }
      if (track.buffer) this.flush(track, true);
      Object.assign(track, info);
      if (track.buffer) this.append(track, initSegment(track)); // a new sequence header mid-stream
    }

    sample(kind, dts, cts, key, data) {
      const track = this.tracks[kind];
      if (!track) return;
      if (!this.started) this.open(dts);
      if (!track.buffer || dts < this.base) return;
      if (kind === "video" && !track.samples.length && !track.sequence && !key) return; // start at a keyframe
      track.samples.push({ dts: dts - this.base, cts, key, data, duration: 0 });
    }

    // The first media sample: one SourceBuffer per track whose sequence header came before it.
    open(dts) {
      this.started = true; this.base = dts;
      for (const track of Object.values(this.tracks)) {
        if (!track) continue;
        const type = `${track.kind}/mp4; codecs="${track.codec}"`;
        if (!MediaSource.isTypeSupported(type)) { this.skip(`${type} (not supported here)`); continue; }
        track.buffer = this.source.addSourceBuffer(type);
        track.buffer.addEventListener("updateend", () => this.pump(track));
        this.append(track, initSegment(track));
      }
    }

    // Every sample whose duration is known (all but the last, or all at a new sequence header).
    flush(track, all) {
      const s = track.samples;
      for (let i = 0; i + 1 < s.length; i++) s[i].duration = Math.max(0, s[i + 1].dts - s[i].dts);
      if (all && s.length) s[s.length - 1].duration = s.length > 1 ? s[s.length - 2].duration : 0;
      const ready = all ? s.splice(0) : s.splice(0, Math.max(0, s.length - 1));
      if (!ready.length) return;
      this.stats.fragments++;
      this.append(track, fragment(track.id, ++track.sequence, ready));
    }

    append(track, segment) { track.queue.push(segment); this.pump(track); }

    pump(track) {
      const buffer = track.buffer, video = this.video;
      if (!buffer || buffer.updating || this.source.readyState !== "open") return;
      const ranges = buffer.buffered;
      if (ranges.length && video.currentTime - ranges.start(0) > 30) return buffer.remove(0, video.currentTime - 10);
      if (track.queue.length) {
        try { buffer.appendBuffer(track.queue.shift()); } catch (e) { this.fail(e); }
      }
      this.follow();
    }

    // Starts at the first buffered time and jumps to the live edge when more than 5 s behind.
    follow() {
      const ranges = this.video.buffered;
      if (!ranges.length) return;
      const end = ranges.end(ranges.length - 1);
      if (this.video.currentTime < ranges.start(0) || end - this.video.currentTime > 5) {
        this.video.currentTime = Math.max(ranges.start(0), end - 1);
      }
    }
  }

  Player.isSupported = () => !!global.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42e01e"');

  global.FlvMse = { Player, isSupported: Player.isSupported, FlvReader, parseAvcConfig, parseSps, parseAudioConfig,
    initSegment, fragment };
})(window);
