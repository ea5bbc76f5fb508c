import Codec
import Core
import DVR
import Live

/// Synthetic FLV packets and streams for the DVR tests.
enum DVRPackets {
    static let sps: [UInt8] = [0x67, 0x42, 0xC0, 0x1E, 0x8C, 0x68]
    static let pps: [UInt8] = [0x68, 0xCE, 0x3C, 0x80]
    static let avcConfig = AVCDecoderConfigurationRecord(
        profileIndication: 0x42, profileCompatibility: 0xC0, levelIndication: 0x1E,
        sequenceParameterSets: [sps], pictureParameterSets: [pps]).encoded()
    /// AAC-LC, 44.1 kHz, stereo.
    static let audioConfig: [UInt8] = [0x12, 0x10]

    static func metadata(_ properties: AMF0Object = ["width": .number(320), "duration": .number(99)]) -> MediaPacket {
        MediaPacket(kind: .script, timestamp: 0,
                    payload: SharedBytes(AMF0Encoder.encode([.string("onMetaData"), .object(properties)])))
    }

    static func videoSequenceHeader(_ config: [UInt8] = avcConfig, at timestamp: Int64 = 0) -> MediaPacket {
        MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes([0x17, 0, 0, 0, 0] + config))
    }

    /// An AVC frame of one NAL unit; `cts` is the composition time offset (ms).
    static func video(_ timestamp: Int64, keyframe: Bool, cts: Int32 = 0, size: Int = 60) -> MediaPacket {
        let nalu: [UInt8] = [keyframe ? 0x65 : 0x41] + Array(repeating: 0x5A, count: size)
        let length = UInt32(nalu.count)
        var body: [UInt8] = []
        VideoTagHeader(frameType: keyframe ? 1 : 2, codecID: 7, avcPacketType: 1, compositionTime: cts).append(to: &body)
        body += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        return MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes(body + nalu))
    }

    static func audioSequenceHeader(_ config: [UInt8] = audioConfig) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0xAF, 0] + config))
    }

    static func audio(_ timestamp: Int64, size: Int = 20) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, 1] + Array(repeating: 0x21, count: size)))
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

extension DVRPackets {
    /// An AVC frame tag (not a sequence header) read back from a file.
    static func isVideoFrame(_ tag: FLVTag) -> Bool {
        tag.kind == .video && tag.body.dropFirst().first == VideoTagHeader.AVCPacketType.nalu
    }

    static func isKeyframe(_ tag: FLVTag) -> Bool {
        tag.body.first.map { $0 >> 4 == VideoTagHeader.FrameType.keyframe } ?? false
    }
}

/// A source with a DVR recorder on a memory store.
final class DVRHarness {
    /// Clocks the recorder reads, moved by the test.
    final class Clocks {
        var now: Int64 = 1_000_000
        var wall: Int64 = 1_700_000_000_000
    }

    let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "livestream"),
                            settings: PlaySettings())
    let store = MemoryDVRFileStore()
    let clock: Clocks
    let recorder: DVRRecorder
    private(set) var closed: [DVRFile] = []

    init(_ settings: DVRSettings = DVRHarness.settings()) {
        let clock = Clocks()
        self.clock = clock
        recorder = DVRRecorder(key: source.key, settings: settings, store: store,
                               monotonicNow: { clock.now }, wallNow: { clock.wall })
        recorder.onFileClosed = { [unowned self] in self.closed.append($0) }
    }

    /// FLV files named by `[timestamp]`, under /dvr.
    static func settings(plan: DVRSettings.Plan = .session, seconds: Int64 = 30, mp4: Bool = false,
                         waitKeyframe: Bool = true) -> DVRSettings {
        DVRSettings(path: "/dvr/[app]/[stream].[timestamp]." + (mp4 ? "mp4" : "flv"), plan: plan,
                    duration: .seconds(seconds), waitKeyframe: waitKeyframe)
    }

    /// Publishes (metadata and both sequence headers unless told otherwise) and starts recording.
    func publish(video: Bool = true, audio: Bool = true, settings: DVRSettings? = nil) throws {
        try source.publish(by: ContextID("test1234"))
        source.addObserver(recorder)
        recorder.start(source: source, settings: settings ?? recorder.settings)
        source.feed(DVRPackets.metadata())
        if video { source.feed(DVRPackets.videoSequenceHeader()) }
        if audio { source.feed(DVRPackets.audioSequenceHeader()) }
    }

    /// Feeds packets, moving both clocks along with their timestamps (new names per file).
    func feed(_ packets: [MediaPacket]) {
        for packet in packets {
            clock.wall = 1_700_000_000_000 + packet.timestamp
            clock.now = 1_000_000 + packet.timestamp
            source.feed(packet)
        }
    }

    /// The finished files' contents in the order they were closed.
    var files: [[UInt8]] { closed.compactMap { store.files[$0.path] } }
}
