/// The MPEG-4 AudioSpecificConfig carried by an FLV AAC sequence header (ISO 14496-3 §1.6.2.1).
///
/// Only the leading fields are read: object type, sampling frequency, channel configuration
/// and, for explicit SBR/PS signalling (object types 5 and 29), the extension sample rate.
public struct AudioSpecificConfig: Equatable, Sendable {
    /// samplingFrequencyIndex → Hz (ISO 14496-3 §1.6.3.4, Table 1.16); 13 and 14 are reserved,
    /// 15 means an explicit 24-bit frequency follows.
    public static let sampleRates: [Int] = [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    ]

    /// audioObjectType values SRS names (ISO 14496-3 Table 1.1).
    public enum ObjectType {
        public static let main = 1
        public static let lc = 2
        public static let ssr = 3
        /// HE-AAC: LC + SBR.
        public static let sbr = 5
        /// HE-AACv2: LC + SBR + PS.
        public static let ps = 29
    }

    /// audioObjectType as first signalled (5 for HE-AAC, 29 for HE-AACv2).
    public var objectType: Int
    /// The index, or 15 when `sampleRate` was given explicitly.
    public var samplingFrequencyIndex: UInt8
    /// The core sample rate in Hz (what SRS reports; for HE-AAC the SBR output is double).
    public var sampleRate: Int
    /// channelConfiguration (0 means a program_config_element defines the channels).
    public var channelConfiguration: UInt8
    /// For object types 5/29: the SBR output sample rate.
    public var extensionSampleRate: Int?

    /// SRS's profile name (srs_aac_object2str): Main, LC, SSR, HE, HEv2, or Other.
    public var profileName: String {
        switch objectType {
        case ObjectType.main: return "Main"
        case ObjectType.lc: return "LC"
        case ObjectType.ssr: return "SSR"
        case ObjectType.sbr: return "HE"
        case ObjectType.ps: return "HEv2"
        default: return "Other"
        }
    }

    /// Output channels for channel configurations 1...7 (7 is 7.1, eight channels); 0 if unknown.
    public var channels: Int {
        switch channelConfiguration {
        case 1...6: return Int(channelConfiguration)
        case 7: return 8
        default: return 0
        }
    }

    /// The FLV SoundRate index for this sample rate, as SRS converts it: only 11025, 22050 and
    /// 44100 map (to 1, 2, 3); other rates leave the tag header's value in place (nil).
    public var flvSoundRate: UInt8? {
        switch sampleRate {
        case 11025: return 1
        case 22050: return 2
        case 44100: return 3
        default: return nil
        }
    }

    public init(objectType: Int, samplingFrequencyIndex: UInt8, channelConfiguration: UInt8) {
        self.objectType = objectType
        self.samplingFrequencyIndex = samplingFrequencyIndex
        let index = Int(samplingFrequencyIndex)
        self.sampleRate = index < Self.sampleRates.count ? Self.sampleRates[index] : 0
        self.channelConfiguration = channelConfiguration
        self.extensionSampleRate = nil
    }

    /// Parses the config (the FLV AAC sequence header body after its 2-byte audio tag header).
    public init<Bytes: Collection>(parsing bytes: Bytes) throws(CodecError) where Bytes.Element == UInt8 {
        var bits = BitReader(Array(bytes), context: "aac audio specific config")
        objectType = try Self.objectType(&bits)
        (samplingFrequencyIndex, sampleRate) = try Self.samplingFrequency(&bits)
        channelConfiguration = UInt8(try bits.bits(4))
        extensionSampleRate = nil
        if objectType == ObjectType.sbr || objectType == ObjectType.ps {
            extensionSampleRate = try Self.samplingFrequency(&bits).rate
        }
    }

    /// GetAudioObjectType() (§1.6.2.1): 5 bits, or 32 + 6 more bits after the escape value 31.
    private static func objectType(_ bits: inout BitReader) throws(CodecError) -> Int {
        let type = Int(try bits.bits(5))
        return type == 31 ? 32 + Int(try bits.bits(6)) : type
    }

    /// samplingFrequencyIndex and, for index 15, the explicit 24-bit frequency.
    private static func samplingFrequency(_ bits: inout BitReader) throws(CodecError) -> (index: UInt8, rate: Int) {
        let index = Int(try bits.bits(4))
        if index == 15 { return (15, Int(try bits.bits(24))) }
        guard index < sampleRates.count else { throw .aacReservedSampleRateIndex(index) }
        return (UInt8(index), sampleRates[index])
    }
}
