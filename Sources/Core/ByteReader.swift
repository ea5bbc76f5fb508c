/// Why a `ByteReader` could not read.
public enum ByteReaderError: Error, Equatable, CustomStringConvertible {
    /// `needed` more bytes were wanted at `offset`, only `available` were left.
    case truncated(offset: Int, needed: Int, available: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            return "truncated at offset \(offset): need \(needed) bytes, have \(available)"
        }
    }
}

/// A cursor over bytes for the control paths (AMF, handshake, config-free parsing).
///
/// Big-endian unless the name says otherwise, as in RTMP and FLV.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public init(_ bytes: ArraySlice<UInt8>) {
        self.init(Array(bytes))
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    @inline(__always)
    private func require(_ n: Int) throws {
        guard n >= 0, remaining >= n else {
            throw ByteReaderError.truncated(offset: offset, needed: n, available: remaining)
        }
    }

    public func peekUInt8() throws -> UInt8 {
        try require(1)
        return bytes[offset]
    }

    public mutating func readUInt8() throws -> UInt8 {
        try require(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readUInt16() throws -> UInt16 {
        try require(2)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    public mutating func readUInt24() throws -> UInt32 {
        try require(3)
        defer { offset += 3 }
        return UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
    }

    public mutating func readUInt32() throws -> UInt32 {
        try require(4)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    public mutating func readUInt32LE() throws -> UInt32 {
        try require(4)
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    public mutating func readUInt64() throws -> UInt64 {
        let high = UInt64(try readUInt32())
        return high << 32 | UInt64(try readUInt32())
    }

    public mutating func readBytes(_ n: Int) throws -> ArraySlice<UInt8> {
        try require(n)
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    public mutating func skip(_ n: Int) throws {
        try require(n)
        offset += n
    }
}
