import Codec
import Core
import HLS
import Live

/// Synthetic FLV packets and streams for the muxer tests.
enum HLSPackets {
    static let sps: [UInt8] = [0x67, 0x42, 0xC0, 0x1E, 0x8C, 0x68]
    static let pps: [UInt8] = [0x68, 0xCE, 0x3C, 0x80]
    static let config = AVCDecoderConfigurationRecord(
        profileIndication: 0x42, profileCompatibility: 0xC0, levelIndication: 0x1E,
        sequenceParameterSets: [sps], pictureParameterSets: [pps])

    static func videoSequenceHeader(_ config: AVCDecoderConfigurationRecord = config) -> MediaPacket {
        MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x17, 0, 0, 0, 0] + config.encoded()))
    }

    static func video(_ timestamp: Int64, keyframe: Bool, size: Int = 60) -> MediaPacket {
        let nalu: [UInt8] = [keyframe ? 0x65 : 0x41] + Array(repeating: 0x5A, count: size)
        let length = UInt32(nalu.count)
        var body: [UInt8] = [keyframe ? 0x17 : 0x27, 1, 0, 0, 0]
        body += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        return MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes(body + nalu))
    }

    static func audioSequenceHeader() -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0xAF, 0, 0x12, 0x10]))
    }

    static func audio(_ timestamp: Int64) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, 1] + Array(repeating: 0x21, count: 20)))
    }

    /// Packets of an interleaved stream over [from, to): video every 40 ms with a keyframe every
    /// `gop` ms, audio every 23 ms, in timestamp order.
    static func stream(from: Int64, to: Int64, gop: Int64 = 1000, video: Bool = true, audio: Bool = true) -> [MediaPacket] {
        var packets: [(Int64, Int, MediaPacket)] = []
        if video {
            for ts in stride(from: from, to: to, by: 40) {
                packets.append((ts, 0, Self.video(ts, keyframe: (ts - from) % gop == 0)))
            }
        }
        if audio {
            for ts in stride(from: from, to: to, by: 23) { packets.append((ts, 1, Self.audio(ts))) }
        }
        return packets.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}

/// A source with an HLS muxer on a memory store.
struct HLSHarness {
    let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "livestream"),
                            settings: PlaySettings())
    let store = MemoryFileStore()
    let clock = ManualClock()
    let random = CountingRandom()
    let muxer: HLSMuxer

    init(_ settings: HLSSettings = HLSHarness.settings()) {
        let clock = self.clock
        let random = self.random
        muxer = HLSMuxer(key: source.key, settings: settings, store: store,
                         monotonicNow: { clock.now }, wallNow: { 1_700_000_000_000 }, randomBytes: random.bytes)
        source.addObserver(muxer)
    }

    /// Fragment 1.9 s (so 1 s GOPs reap every 2 s), 6 s window, files under /hls.
    static func settings(fragment: Duration = .milliseconds(1900), window: Duration = .seconds(6)) -> HLSSettings {
        HLSSettings(fragment: fragment, window: window, path: "/hls")
    }

    func publish(video: Bool = true, audio: Bool = true) throws {
        try source.publish(by: ContextID("test1234"))
        if video { source.feed(HLSPackets.videoSequenceHeader()) }
        if audio { source.feed(HLSPackets.audioSequenceHeader()) }
    }

    func feed(_ packets: [MediaPacket]) { for packet in packets { source.feed(packet) } }

    var playlist: String? { store.text("/hls/live/livestream.m3u8") }
}
