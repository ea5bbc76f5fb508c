import Core

/// `ByteReader` reads that fail with `CodecError.truncated` naming the structure being parsed.
extension ByteReader {
    mutating func u8(_ context: String) throws(CodecError) -> UInt8 {
        do { return try readUInt8() } catch { throw CodecError(error, context: context) }
    }

    mutating func u16(_ context: String) throws(CodecError) -> UInt16 {
        do { return try readUInt16() } catch { throw CodecError(error, context: context) }
    }

    mutating func u24(_ context: String) throws(CodecError) -> UInt32 {
        do { return try readUInt24() } catch { throw CodecError(error, context: context) }
    }

    mutating func u32(_ context: String) throws(CodecError) -> UInt32 {
        do { return try readUInt32() } catch { throw CodecError(error, context: context) }
    }

    mutating func u64(_ context: String) throws(CodecError) -> UInt64 {
        // Check first so a short read does not consume the high half.
        guard remaining >= 8 else {
            throw .truncated(context: context, offset: offset, needed: 8, available: remaining)
        }
        do { return try readUInt64() } catch { throw CodecError(error, context: context) }
    }

    mutating func bytes(_ count: Int, _ context: String) throws(CodecError) -> ArraySlice<UInt8> {
        do { return try readBytes(count) } catch { throw CodecError(error, context: context) }
    }

    func peek(_ context: String) throws(CodecError) -> UInt8 {
        do { return try peekUInt8() } catch { throw CodecError(error, context: context) }
    }

    /// The byte `distance` positions ahead, or nil past the end (for look-ahead like 00 00 09).
    func peek(at distance: Int) -> UInt8? {
        let index = offset + distance
        return index >= 0 && index < bytes.count ? bytes[index] : nil
    }
}
