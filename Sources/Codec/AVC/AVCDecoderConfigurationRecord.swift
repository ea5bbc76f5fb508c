import Core

/// The avcC box carried by an FLV AVC sequence header (ISO 14496-15 §5.2.4.1).
///
/// Trailing bytes (the high-profile chroma/bit-depth extension) are ignored.
public struct AVCDecoderConfigurationRecord: Equatable, Sendable {
    public var configurationVersion: UInt8
    /// AVCProfileIndication: the SPS profile_idc.
    public var profileIndication: UInt8
    /// profile_compatibility: the SPS constraint flags byte.
    public var profileCompatibility: UInt8
    /// AVCLevelIndication: the SPS level_idc.
    public var levelIndication: UInt8
    /// Bytes in each NALU length prefix of the video frames: 1, 2 or 4.
    public var naluLengthSize: Int
    /// SPS NAL units, each with its NAL header byte.
    public var sequenceParameterSets: [[UInt8]]
    /// PPS NAL units, each with its NAL header byte.
    public var pictureParameterSets: [[UInt8]]

    /// SRS's profile name from AVCProfileIndication (what SRS shows in logs and the API).
    public var profileName: String { AVCNames.profile(Int(profileIndication)) }
    /// SRS's level name from AVCLevelIndication.
    public var levelName: String { AVCNames.level(levelIndication) }

    public init(
        configurationVersion: UInt8 = 1, profileIndication: UInt8, profileCompatibility: UInt8,
        levelIndication: UInt8, naluLengthSize: Int = 4,
        sequenceParameterSets: [[UInt8]], pictureParameterSets: [[UInt8]]
    ) {
        self.configurationVersion = configurationVersion
        self.profileIndication = profileIndication
        self.profileCompatibility = profileCompatibility
        self.levelIndication = levelIndication
        self.naluLengthSize = naluLengthSize
        self.sequenceParameterSets = sequenceParameterSets
        self.pictureParameterSets = pictureParameterSets
    }

    /// Parses an avcC (the FLV AVC sequence header body after its 5-byte video tag header).
    public init<Bytes: Collection>(parsing bytes: Bytes) throws(CodecError) where Bytes.Element == UInt8 {
        var reader = ByteReader(Array(bytes))
        configurationVersion = try reader.u8("avcC")
        profileIndication = try reader.u8("avcC")
        profileCompatibility = try reader.u8("avcC")
        levelIndication = try reader.u8("avcC")
        // 6 reserved bits, lengthSizeMinusOne (2 bits); the value 2 is not allowed.
        let lengthSizeMinusOne = Int(try reader.u8("avcC") & 0x03)
        guard lengthSizeMinusOne != 2 else { throw .avcUnsupportedNALULengthSize(3) }
        naluLengthSize = lengthSizeMinusOne + 1
        // 3 reserved bits, numOfSequenceParameterSets (5 bits).
        let spsCount = Int(try reader.u8("avcC") & 0x1F)
        sequenceParameterSets = try Self.parameterSets(&reader, count: spsCount, context: "avcC sps")
        let ppsCount = Int(try reader.u8("avcC"))
        pictureParameterSets = try Self.parameterSets(&reader, count: ppsCount, context: "avcC pps")
    }

    /// Parses the first SPS (for the picture size; SRS reads only the first one too).
    public func firstSPS() throws(CodecError) -> AVCSequenceParameterSet {
        guard let sps = sequenceParameterSets.first else { throw .avcMissingSPS }
        return try AVCSequenceParameterSet(parsing: sps)
    }

    /// The avcC bytes (without the high-profile extension); lists and NAL units beyond the
    /// field widths (31 SPS, 255 PPS, 65535 bytes) are cut to fit.
    public func encoded() -> [UInt8] {
        let spsList = sequenceParameterSets.prefix(31)
        let ppsList = pictureParameterSets.prefix(255)
        var bytes: [UInt8] = [
            configurationVersion, profileIndication, profileCompatibility, levelIndication,
            0xFC | UInt8(truncatingIfNeeded: naluLengthSize - 1) & 0x03,
            0xE0 | UInt8(spsList.count),
        ]
        for sps in spsList { Self.appendParameterSet(sps, to: &bytes) }
        bytes.append(UInt8(ppsList.count))
        for pps in ppsList { Self.appendParameterSet(pps, to: &bytes) }
        return bytes
    }

    private static func appendParameterSet(_ nalUnit: [UInt8], to bytes: inout [UInt8]) {
        let count = min(nalUnit.count, Int(UInt16.max))
        bytes.appendUInt16(UInt16(count))
        bytes.append(contentsOf: nalUnit.prefix(count))
    }

    private static func parameterSets(
        _ reader: inout ByteReader, count: Int, context: String
    ) throws(CodecError) -> [[UInt8]] {
        var sets: [[UInt8]] = []
        for _ in 0..<count {
            let length = Int(try reader.u16(context))
            sets.append(Array(try reader.bytes(length, context)))
        }
        return sets
    }
}
