/// Splits messages into chunks (RTMP §5.3) the way SRS does: fmt 0 for the first chunk of every
/// message (absolute timestamp, little-endian stream id), fmt 3 for the rest, and the extended
/// timestamp repeated in every fmt 3 header when it is used.
///
/// Two shapes: `encode` builds one contiguous array (control messages, tests); the `write*Header`
/// functions let a connection build iovecs `[header, payload slice, header, payload slice, ...]`
/// that point into a shared media payload without copying it.
public enum ChunkEncoder {
    /// Largest fmt 0 header: 3-byte basic header + 11 + 4 extended timestamp.
    public static let maxFirstHeaderSize = 18
    /// Largest fmt 3 header: 3-byte basic header + 4 extended timestamp.
    public static let maxContinuationHeaderSize = 7
    /// Valid chunk stream ids (0 and 1 are basic-header escapes, RTMP §5.3.1.1).
    public static let chunkStreamIDs: ClosedRange<UInt32> = 2...65599

    /// Writes the fmt 0 header of a message's first chunk; returns its size.
    @inlinable
    public static func writeFirstHeader(csid: UInt32, timestamp: UInt32, length: Int, typeID: UInt8,
                                        streamID: UInt32, into p: UnsafeMutableRawPointer) -> Int {
        var n = writeBasicHeader(fmt: 0, csid: csid, into: p)
        let extended = timestamp >= 0xFF_FFFF
        n += store24(extended ? 0xFF_FFFF : timestamp, p + n)
        n += store24(UInt32(truncatingIfNeeded: length), p + n)
        p.storeBytes(of: typeID, toByteOffset: n, as: UInt8.self)
        n += 1
        p.storeBytes(of: streamID.littleEndian, toByteOffset: n, as: UInt32.self)
        n += 4
        if extended {
            p.storeBytes(of: timestamp.bigEndian, toByteOffset: n, as: UInt32.self)
            n += 4
        }
        return n
    }

    /// Writes a fmt 3 continuation header; returns its size.
    @inlinable
    public static func writeContinuationHeader(csid: UInt32, timestamp: UInt32,
                                               into p: UnsafeMutableRawPointer) -> Int {
        var n = writeBasicHeader(fmt: 3, csid: csid, into: p)
        if timestamp >= 0xFF_FFFF {
            p.storeBytes(of: timestamp.bigEndian, toByteOffset: n, as: UInt32.self)
            n += 4
        }
        return n
    }

    /// Writes a basic header with the shortest form for `csid` (RTMP §5.3.1.1).
    @inlinable
    public static func writeBasicHeader(fmt: UInt8, csid: UInt32, into p: UnsafeMutableRawPointer) -> Int {
        precondition(chunkStreamIDs.contains(csid), "chunk stream id \(csid) out of 2...65599")
        if csid < 64 {
            p.storeBytes(of: fmt << 6 | UInt8(csid), as: UInt8.self)
            return 1
        }
        let rest = csid - 64
        if rest < 256 {
            p.storeBytes(of: fmt << 6, as: UInt8.self)
            p.storeBytes(of: UInt8(rest), toByteOffset: 1, as: UInt8.self)
            return 2
        }
        p.storeBytes(of: fmt << 6 | 1, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: rest), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: rest >> 8), toByteOffset: 2, as: UInt8.self)
        return 3
    }

    /// How many chunks a message of `length` bytes takes (at least one, even when empty).
    @inlinable
    public static func chunkCount(length: Int, chunkSize: Int) -> Int {
        max(1, (length + chunkSize - 1) / chunkSize)
    }

    /// Appends the chunks of one message to `out`.
    public static func encode(header: RTMPMessageHeader, payload: UnsafeRawBufferPointer, chunkSize: Int,
                              into out: inout [UInt8]) {
        precondition(chunkSize > 0 && header.length == payload.count, "chunk size or length mismatch")
        let chunks = chunkCount(length: payload.count, chunkSize: chunkSize)
        out.reserveCapacity(out.count + payload.count + maxFirstHeaderSize + chunks * maxContinuationHeaderSize)
        var scratch = (UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &scratch) { buffer in
            guard let p = buffer.baseAddress else { return }
            var offset = 0
            repeat {
                let n = offset == 0
                    ? writeFirstHeader(csid: header.chunkStreamID, timestamp: header.timestamp, length: payload.count,
                                       typeID: header.typeID, streamID: header.streamID, into: p)
                    : writeContinuationHeader(csid: header.chunkStreamID, timestamp: header.timestamp, into: p)
                out.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                let size = min(chunkSize, payload.count - offset)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + size)]))
                offset += size
            } while offset < payload.count
        }
    }

    /// The chunks of one message as a new array.
    public static func encode(header: RTMPMessageHeader, payload: [UInt8], chunkSize: Int) -> [UInt8] {
        var out: [UInt8] = []
        payload.withUnsafeBytes { encode(header: header, payload: $0, chunkSize: chunkSize, into: &out) }
        return out
    }

    @inlinable
    static func store24(_ value: UInt32, _ p: UnsafeMutableRawPointer) -> Int {
        p.storeBytes(of: UInt8(truncatingIfNeeded: value >> 16), as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: value >> 8), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: 2, as: UInt8.self)
        return 3
    }
}
