import Codec
import Core

/// FLV audio/video/script packets as a publisher sends them.
enum AudioPackets {
    /// AAC LC, 44100 Hz, stereo: the AudioSpecificConfig `12 10`.
    static let lcStereo44100: [UInt8] = [0x12, 0x10]
    /// AAC LC, 48000 Hz, mono: `11 88`.
    static let lcMono48000: [UInt8] = [0x11, 0x88]

    static func aacSequenceHeader(_ asc: [UInt8] = lcStereo44100, at timestamp: Int64 = 0) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, 0x00] + asc))
    }

    static func aacFrame(_ body: [UInt8], at timestamp: Int64) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, 0x01] + body))
    }

    /// An MP3 tag: SoundFormat 2, 44 kHz, 16-bit, stereo (`2f`), then the MP3 frame.
    static func mp3Frame(_ body: [UInt8], at timestamp: Int64) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0x2F] + body))
    }

    static func videoKeyframe(at timestamp: Int64) -> MediaPacket {
        MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes([0x17, 0x01, 0, 0, 0, 0xAA, 0xBB]))
    }

    static func videoSequenceHeader() -> MediaPacket {
        MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x17, 0x00, 0, 0, 0, 0x01, 0x64]))
    }

    static func metadata() -> MediaPacket {
        MediaPacket(kind: .script, timestamp: 0, payload: SharedBytes([0x02, 0x00, 0x0A] + Array("onMetaData".utf8)))
    }

    /// A recognisable frame body of `count` bytes.
    static func body(_ seed: UInt8, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(seed) &* 7 &+ $0) }
    }
}
