import Core

/// Splits a whole FLV file held in memory into tags (FLV spec v10 §E.3), for tests and tools.
///
/// Strict: a cut-off tag or PreviousTagSize, or a PreviousTagSize that does not match the tag
/// before it, is an error.
public struct FLVFileReader {
    public let header: FLVHeader
    private var reader: ByteReader

    /// Parses the header and PreviousTagSize0; tags are then read with `next()`.
    public init(_ bytes: [UInt8]) throws(CodecError) {
        header = try FLVHeader(parsing: bytes)
        reader = ByteReader(bytes)
        _ = try reader.bytes(Int(header.dataOffset), "flv header")
        let first = try reader.u32("flv previous tag size")
        guard first == 0 else { throw .flvPreviousTagSizeMismatch(expected: 0, actual: first) }
    }

    /// The next tag, or nil at the end of the file.
    public mutating func next() throws(CodecError) -> FLVTag? {
        guard !reader.isAtEnd else { return nil }
        let tagHeader = try FLVTag.Header(from: &reader)
        let body = try reader.bytes(tagHeader.dataSize, "flv tag body")
        let trailer = try reader.u32("flv previous tag size")
        let expected = UInt32(FLVTag.headerSize + tagHeader.dataSize)
        guard trailer == expected else { throw .flvPreviousTagSizeMismatch(expected: expected, actual: trailer) }
        return FLVTag(kind: tagHeader.kind, timestamp: tagHeader.timestamp, body: body)
    }

    /// Every tag of `bytes`.
    public static func readAll(_ bytes: [UInt8]) throws(CodecError) -> (header: FLVHeader, tags: [FLVTag]) {
        var reader = try FLVFileReader(bytes)
        var tags: [FLVTag] = []
        while let tag = try reader.next() { tags.append(tag) }
        return (reader.header, tags)
    }
}
