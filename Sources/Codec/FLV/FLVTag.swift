import Core

/// One FLV tag (FLV spec v10 §E.4.1): its type, timestamp and body, plus the small writers
/// HTTP-FLV uses to frame a shared body as header + body + PreviousTagSize iovecs.
public struct FLVTag: Equatable, Sendable {
    /// Bytes in a tag header.
    public static let headerSize = 11
    /// Bytes in the PreviousTagSize field that follows every tag.
    public static let previousTagSizeLength = 4
    /// The largest body a tag can frame (DataSize is 24 bits).
    public static let maxDataSize = 0xFF_FFFF

    public var kind: MediaPacket.Kind
    /// Milliseconds, 32 bits: 24 low bits plus TimestampExtended as the high byte.
    public var timestamp: UInt32
    public var body: ArraySlice<UInt8>

    public init(kind: MediaPacket.Kind, timestamp: UInt32, body: ArraySlice<UInt8>) {
        self.kind = kind
        self.timestamp = timestamp
        self.body = body
    }

    /// Appends the 11-byte tag header: TagType, DataSize (24), Timestamp (24),
    /// TimestampExtended (high 8 bits), StreamID (24, always 0).
    ///
    /// `dataSize` over `maxDataSize` is a programmer error: bodies come from 24-bit RTMP lengths.
    @inlinable
    public static func appendHeader(kind: MediaPacket.Kind, timestamp: UInt32, dataSize: Int, to bytes: inout [UInt8]) {
        precondition(dataSize >= 0 && dataSize <= maxDataSize, "FLV tag body too large")
        bytes.append(kind.rawValue)
        bytes.appendUInt24(UInt32(dataSize))
        bytes.appendUInt24(timestamp & 0xFF_FFFF)
        bytes.append(UInt8(truncatingIfNeeded: timestamp >> 24))
        bytes.appendUInt24(0)
    }

    /// Appends the PreviousTagSize that follows a tag with a `dataSize`-byte body (11 + dataSize).
    @inlinable
    public static func appendPreviousTagSize(dataSize: Int, to bytes: inout [UInt8]) {
        bytes.appendUInt32(UInt32(truncatingIfNeeded: headerSize + dataSize))
    }

    /// The whole tag (header, body, PreviousTagSize) in one array, for files and tests.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + body.count + Self.previousTagSizeLength)
        Self.appendHeader(kind: kind, timestamp: timestamp, dataSize: body.count, to: &bytes)
        bytes.append(contentsOf: body)
        Self.appendPreviousTagSize(dataSize: body.count, to: &bytes)
        return bytes
    }
}
