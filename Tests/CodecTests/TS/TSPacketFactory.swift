import Codec
import Core

/// FLV-shaped packets for the TS tests.
enum TSPacketFactory {
    static let avcC = AVCDecoderConfigurationRecord(
        profileIndication: 0x42, profileCompatibility: 0xC0, levelIndication: 0x1E,
        sequenceParameterSets: [AVCAnnexBTests.sps], pictureParameterSets: [AVCAnnexBTests.pps])
    /// AAC LC, 44.1 kHz, stereo.
    static let asc: [UInt8] = [0x12, 0x10]

    static func videoSequenceHeader(_ config: AVCDecoderConfigurationRecord = avcC, timestamp: Int64 = 0) -> MediaPacket {
        MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes([0x17, 0, 0, 0, 0] + config.encoded()))
    }

    static func video(_ timestamp: Int64, keyframe: Bool, cts: Int32 = 0, nalus: [[UInt8]]) -> MediaPacket {
        let raw = UInt32(bitPattern: cts) & 0xFF_FFFF
        let header: [UInt8] = [keyframe ? 0x17 : 0x27, 1, UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF)]
        return MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes(header + AVCAnnexBTests.avcc(nalus)))
    }

    static func audioSequenceHeader(_ config: [UInt8] = asc) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0xAF, 0] + config))
    }

    static func aac(_ timestamp: Int64, _ raw: [UInt8]) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, 1] + raw))
    }

    static func mp3(_ timestamp: Int64, _ raw: [UInt8]) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0x2F] + raw))
    }
}
