import Core

/// The FLV file header (FLV spec v10 §E.2): "FLV", version 1, type flags, DataOffset.
public struct FLVHeader: Equatable, Sendable {
    /// Bytes in the header as written by every encoder (DataOffset 9).
    public static let size = 9

    public var hasAudio: Bool
    public var hasVideo: Bool
    /// Where the body (PreviousTagSize0) starts; 9 for FLV version 1.
    public var dataOffset: UInt32

    public init(hasAudio: Bool, hasVideo: Bool, dataOffset: UInt32 = UInt32(FLVHeader.size)) {
        self.hasAudio = hasAudio
        self.hasVideo = hasVideo
        self.dataOffset = dataOffset
    }

    /// The type flags byte: bit 2 audio, bit 0 video.
    public var flags: UInt8 { (hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0) }

    /// Appends the 9 header bytes.
    public func append(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [0x46, 0x4C, 0x56, 0x01, flags])
        bytes.appendUInt32(dataOffset)
    }

    /// The header followed by PreviousTagSize0 (0): the 13 bytes an FLV stream starts with.
    public func encodedWithFirstPreviousTagSize() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size + FLVTag.previousTagSizeLength)
        append(to: &bytes)
        bytes.appendUInt32(0)
        return bytes
    }

    /// Parses the header at the start of `bytes`.
    public init(parsing bytes: [UInt8]) throws(CodecError) {
        var reader = ByteReader(bytes)
        let signature = Array(try reader.bytes(3, "flv header"))
        guard signature == [0x46, 0x4C, 0x56] else { throw .flvBadSignature(signature) }
        let version = try reader.u8("flv header")
        guard version == 1 else { throw .flvUnsupportedVersion(version) }
        let flags = try reader.u8("flv header")
        let dataOffset = try reader.u32("flv header")
        guard dataOffset >= UInt32(Self.size) else { throw .flvBadDataOffset(dataOffset) }
        self.init(hasAudio: flags & 0x04 != 0, hasVideo: flags & 0x01 != 0, dataOffset: dataOffset)
    }
}
