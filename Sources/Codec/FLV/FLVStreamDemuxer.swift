import Core

/// Splits an FLV byte stream, such as an HTTP-FLV body, into media packets as bytes arrive, in any split
/// (FLV spec v10 §E.2–§E.4.1). Sans IO: feed bytes, take packets with `next()` until it returns nil, and call
/// `finish()` when the stream ends.
///
/// The stream is the 9-byte header (anything up to its DataOffset skipped), PreviousTagSize0 (must be 0),
/// then tags, each followed by its PreviousTagSize (must be 11 + DataSize). A tag is returned once it and
/// its PreviousTagSize have arrived, as a `MediaPacket` whose payload is the tag body copied once into
/// `SharedBytes`, ready for `LiveSource.feed`; the timestamp includes TimestampExtended as its high byte.
/// The buffer holds at most one tag plus the next few bytes; bytes of skipped parts are not buffered.
///
/// Rejected: a bad signature, version or DataOffset (`FLVHeader`), reserved bits in a tag type byte (the
/// stream is out of sync), the Filter bit (encrypted content), DataSize over `maxDataSize`, and a
/// PreviousTagSize mismatch. StreamID (always 0 by the spec) is ignored. Empty tags are returned as they are.
/// After an error the demuxer stays failed.
///
/// SRS compat: SRS's FLV edge (`SrsEdgeFlvUpstream`) fails on a tag type other than 8, 9 or 18 ("create
/// message: unknown tag") and never checks PreviousTagSize. We check PreviousTagSize, so a desynchronised
/// stream fails there, and skip well-framed tags of unknown types (counted in `skippedTagCount`): newer
/// encoders may add types an edge can simply not forward.
public struct FLVStreamDemuxer {
    /// Well above any real frame (4K keyframes are a few MB); a 24-bit DataSize can say up to 16 MiB.
    public static let defaultMaxDataSize = 8 * 1024 * 1024

    /// Largest tag body accepted; larger is `CodecError.flvTagTooLarge`.
    public let maxDataSize: Int
    /// The stream's header, once its 9 bytes have arrived.
    public private(set) var header: FLVHeader?
    /// Tags of unknown types skipped so far.
    public private(set) var skippedTagCount = 0
    /// Stream bytes consumed so far: the offset of the next unit (header, tag, PreviousTagSize).
    public private(set) var offset = 0

    private enum State {
        case fileHeader
        /// Bytes between the 9-byte header and DataOffset, skipped without buffering.
        case headerPadding(remaining: Int)
        case firstPreviousTagSize
        case tagHeader
        /// A known tag: its body and PreviousTagSize are taken together, once both are buffered.
        case tagBody(kind: MediaPacket.Kind, timestamp: UInt32, dataSize: Int)
        /// An unknown tag's body, skipped without buffering.
        case skippedTagBody(dataSize: Int, remaining: Int)
        case skippedTagTrailer(dataSize: Int)
        case failed(CodecError)
    }

    private var state: State = .fileHeader
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte of `buffer`.
    private var start = 0
    private var closed = false

    public init(maxDataSize: Int = FLVStreamDemuxer.defaultMaxDataSize) {
        self.maxDataSize = maxDataSize
    }

    /// Appends received bytes (ignored after `finish()` or an error).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes (ignored after `finish()` or an error).
    public mutating func feed(_ bytes: [UInt8]) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Signals the end of the stream: `next()` then returns nil at a tag boundary and throws
    /// `CodecError.truncated` (naming the part cut) anywhere else.
    public mutating func finish() { closed = true }

    /// Bytes received but not yet consumed.
    public var bufferedByteCount: Int { buffer.count - start }

    /// The next complete tag, or nil until more bytes are fed.
    public mutating func next() throws(CodecError) -> MediaPacket? {
        do throws(CodecError) {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            start = 0
            throw error
        }
    }

    private mutating func step() throws(CodecError) -> MediaPacket? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .fileHeader:
                guard try available(FLVHeader.size, "flv header") else { return nil }
                let parsed = try FLVHeader(parsing: Array(buffer[start..<(start + FLVHeader.size)]))
                header = parsed
                consume(FLVHeader.size)
                let padding = Int(parsed.dataOffset) - FLVHeader.size
                state = padding > 0 ? .headerPadding(remaining: padding) : .firstPreviousTagSize
            case .headerPadding(let remaining):
                let count = Swift.min(remaining, bufferedByteCount)
                consume(count)
                guard count == remaining else {
                    if closed { throw truncated("flv header", needed: remaining - count) }
                    state = .headerPadding(remaining: remaining - count)
                    return nil
                }
                state = .firstPreviousTagSize
            case .firstPreviousTagSize:
                guard try available(FLVTag.previousTagSizeLength, "flv previous tag size") else { return nil }
                let size = readUInt32(at: start)
                guard size == 0 else { throw .flvPreviousTagSizeMismatch(expected: 0, actual: size) }
                consume(FLVTag.previousTagSizeLength)
                state = .tagHeader
            case .tagHeader:
                // A stream may end after any complete tag.
                if closed && bufferedByteCount == 0 { return nil }
                guard try available(FLVTag.headerSize, "flv tag header") else { return nil }
                state = try parseTagHeader()
                consume(FLVTag.headerSize)
            case .tagBody(let kind, let timestamp, let dataSize):
                let total = dataSize + FLVTag.previousTagSizeLength
                guard try available(total, "flv tag body") else { return nil }
                try checkPreviousTagSize(at: start + dataSize, dataSize: dataSize)
                let payload = buffer.withUnsafeBytes { bytes in
                    SharedBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + dataSize)]))
                }
                consume(total)
                state = .tagHeader
                return MediaPacket(kind: kind, timestamp: Int64(timestamp), payload: payload)
            case .skippedTagBody(let dataSize, let remaining):
                let count = Swift.min(remaining, bufferedByteCount)
                consume(count)
                guard count == remaining else {
                    if closed { throw truncated("flv tag body", needed: remaining - count) }
                    state = .skippedTagBody(dataSize: dataSize, remaining: remaining - count)
                    return nil
                }
                state = .skippedTagTrailer(dataSize: dataSize)
            case .skippedTagTrailer(let dataSize):
                guard try available(FLVTag.previousTagSizeLength, "flv previous tag size") else { return nil }
                try checkPreviousTagSize(at: start, dataSize: dataSize)
                consume(FLVTag.previousTagSizeLength)
                skippedTagCount += 1
                state = .tagHeader
            }
        }
    }

    /// Reads the 11-byte tag header at `start` (FLV spec v10 §E.4.1) into the state that takes its body.
    private func parseTagHeader() throws(CodecError) -> State {
        let typeByte = buffer[start]
        guard typeByte & 0xC0 == 0 else { throw .flvReservedTagBits(typeByte) }
        guard typeByte & 0x20 == 0 else { throw .flvEncryptedTag }
        let dataSize = Int(readUInt24(at: start + 1))
        guard dataSize <= maxDataSize else { throw .flvTagTooLarge(dataSize: dataSize, limit: maxDataSize) }
        guard let kind = MediaPacket.Kind(rawValue: typeByte & 0x1F) else {
            return .skippedTagBody(dataSize: dataSize, remaining: dataSize)
        }
        let timestamp = UInt32(buffer[start + 7]) << 24 | readUInt24(at: start + 4)
        return .tagBody(kind: kind, timestamp: timestamp, dataSize: dataSize)
    }

    private func checkPreviousTagSize(at index: Int, dataSize: Int) throws(CodecError) {
        let expected = UInt32(FLVTag.headerSize + dataSize)
        let actual = readUInt32(at: index)
        guard actual == expected else { throw .flvPreviousTagSizeMismatch(expected: expected, actual: actual) }
    }

    /// Whether `count` bytes are buffered; at the end of the stream, their absence is a truncation.
    private func available(_ count: Int, _ context: String) throws(CodecError) -> Bool {
        if bufferedByteCount >= count { return true }
        if closed { throw truncated(context, needed: count) }
        return false
    }

    private func truncated(_ context: String, needed: Int) -> CodecError {
        .truncated(context: context, offset: offset, needed: needed, available: bufferedByteCount)
    }

    private mutating func consume(_ count: Int) {
        start += count
        offset += count
    }

    private func readUInt24(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 16 | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2])
    }

    private func readUInt32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 24 | readUInt24(at: index + 1)
    }

    /// Drops consumed bytes when that is cheap (amortised O(1)); false when new bytes are to be ignored.
    private mutating func prepareToAppend() -> Bool {
        switch state {
        case .failed: return false
        case .fileHeader, .headerPadding, .firstPreviousTagSize, .tagHeader, .tagBody, .skippedTagBody,
             .skippedTagTrailer:
            break
        }
        if closed { return false }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return true
    }
}
