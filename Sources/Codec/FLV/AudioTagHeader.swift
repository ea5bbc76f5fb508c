/// The header at the start of an FLV audio tag body (FLV spec v10 §E.4.2.1 AUDIODATA,
/// AACAUDIODATA for sound format 10).
public struct AudioTagHeader: Equatable, Sendable {
    /// SoundRate index → Hz (FLV spec v10 §E.4.2.1). SRS reports stream sample rates from it.
    public static let soundRates: [Int] = [5512, 11025, 22050, 44100]

    /// SoundFormat values (upper 4 bits of the first byte).
    public enum SoundFormat {
        public static let linearPCMPlatformEndian: UInt8 = 0
        public static let adpcm: UInt8 = 1
        public static let mp3: UInt8 = 2
        public static let linearPCMLittleEndian: UInt8 = 3
        public static let nellymoser16kMono: UInt8 = 4
        public static let nellymoser8kMono: UInt8 = 5
        public static let nellymoser: UInt8 = 6
        public static let g711ALaw: UInt8 = 7
        public static let g711MuLaw: UInt8 = 8
        public static let aac: UInt8 = 10
        public static let speex: UInt8 = 11
        public static let mp38k: UInt8 = 14
        public static let deviceSpecific: UInt8 = 15
    }

    /// AACPacketType values.
    public enum AACPacketType {
        public static let sequenceHeader: UInt8 = 0
        public static let raw: UInt8 = 1
    }

    public var soundFormat: UInt8
    /// SoundRate index 0...3 (see `soundRates`).
    public var soundRate: UInt8
    /// SoundSize: 0 = 8-bit samples, 1 = 16-bit.
    public var soundSize: UInt8
    /// SoundType: 0 = mono, 1 = stereo.
    public var soundType: UInt8
    /// Present for AAC (sound format 10) only.
    public var aacPacketType: UInt8?
    /// Bytes this header takes: 2 for AAC, 1 otherwise. The payload starts here.
    public var size: Int { aacPacketType == nil ? 1 : 2 }

    /// The SoundRate in Hz.
    public var sampleRate: Int { Self.soundRates[Int(soundRate & 0x03)] }
    public var isAAC: Bool { soundFormat == SoundFormat.aac }
    public var isSequenceHeader: Bool { aacPacketType == AACPacketType.sequenceHeader }

    public init(soundFormat: UInt8, soundRate: UInt8, soundSize: UInt8, soundType: UInt8, aacPacketType: UInt8? = nil) {
        self.soundFormat = soundFormat
        self.soundRate = soundRate
        self.soundSize = soundSize
        self.soundType = soundType
        self.aacPacketType = aacPacketType
    }

    /// Parses the header at the start of an audio tag body (an `[UInt8]`, slice or raw buffer).
    @inlinable
    public init<Body: RandomAccessCollection>(parsing body: Body) throws(CodecError)
    where Body.Element == UInt8, Body.Index == Int {
        let start = body.startIndex
        guard body.count >= 1 else { throw .flvEmptyTagBody }
        let first = body[start]
        soundFormat = first >> 4
        soundRate = first >> 2 & 0x03
        soundSize = first >> 1 & 0x01
        soundType = first & 0x01
        guard soundFormat == SoundFormat.aac else {
            aacPacketType = nil
            return
        }
        guard body.count >= 2 else {
            throw .truncated(context: "flv aac audio header", offset: 1, needed: 1, available: 0)
        }
        aacPacketType = body[start + 1]
    }

    /// Appends the header bytes (1, or 2 for AAC).
    public func append(to bytes: inout [UInt8]) {
        bytes.append(soundFormat << 4 | (soundRate & 0x03) << 2 | (soundSize & 0x01) << 1 | soundType & 0x01)
        if let aacPacketType { bytes.append(aacPacketType) }
    }
}
