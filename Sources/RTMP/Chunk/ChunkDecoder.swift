import Core

/// Reassembles RTMP messages from the chunk stream (RTMP §5.3), bytes in, messages out.
///
/// Bytes may arrive in any pieces. Payload bytes are copied once, straight into the message's
/// final buffer; only headers (at most 18 bytes) are staged. SetChunkSize (type 1) and Abort
/// (type 2) take effect inside the decoder as soon as they complete, so chunks that follow in
/// the same read use the new size; they are still returned for the session to see.
///
/// Hostile input is bounded: at most `maxPartialMessages` chunk streams may hold an incomplete
/// message and their buffers together at most `maxBufferedBytes`. After any error the decoder
/// stays failed. Zero-length messages are returned too (SRS skips them; the session may).
public struct ChunkDecoder {
    /// The chunk size before any SetChunkSize (RTMP §5.4.1).
    public static let defaultChunkSize = 128
    /// SRS compat: smaller sizes are rejected (ossrs/srs#541).
    public static let minChunkSize: UInt32 = 128
    /// No chunk can be longer than the longest message (24-bit length).
    public static let maxChunkSize: UInt32 = 0xFF_FFFF

    enum State {
        /// Staging header bytes in `pending`.
        case header
        /// `remaining` body bytes of the current chunk belong to the message on `csid`.
        case payload(csid: UInt32, remaining: Int)
        case failed
    }

    public let maxPartialMessages: Int
    public let maxBufferedBytes: Int
    /// The peer's chunk size, as set by its SetChunkSize.
    public private(set) var inChunkSize = ChunkDecoder.defaultChunkSize
    /// Every byte fed so far (for Acknowledgement, RTMP §5.4.3).
    public private(set) var bytesReceived: UInt64 = 0

    var state = State.header
    /// Header bytes received so far.
    var pending: [UInt8] = []
    /// Bytes a tolerated fmt 3 header handed back, decoded before the rest of the input.
    var carry: [UInt8] = []
    var streams: [UInt32: ChunkStreamState] = [:]
    /// Chunk streams holding an incomplete message.
    var partialCount = 0
    /// Bytes allocated by incomplete messages.
    var bufferedBytes = 0

    public init(maxPartialMessages: Int = 64, maxBufferedBytes: Int = 32 << 20) {
        self.maxPartialMessages = maxPartialMessages
        self.maxBufferedBytes = maxBufferedBytes
        pending.reserveCapacity(32)
    }

    /// Applies the peer's SetChunkSize (RTMP §5.4.1).
    ///
    /// SRS compat: below 128 (or with the reserved top bit set) is an error; large values are
    /// only warned about by SRS, so sizes beyond the largest possible message (0xFFFFFF) are
    /// clamped to it rather than rejected.
    public mutating func setInChunkSize(_ size: UInt32) throws {
        guard size >= ChunkDecoder.minChunkSize, size & 0x8000_0000 == 0 else {
            throw RTMPError.chunkSizeOutOfRange(size)
        }
        inChunkSize = Int(min(size, ChunkDecoder.maxChunkSize))
    }

    /// Drops the partial message of a chunk stream (Abort Message, RTMP §5.4.2).
    public mutating func abort(chunkStreamID csid: UInt32) {
        guard let buffer = streams[csid]?.partial else { return }
        release(buffer)
        streams[csid]?.partial = nil
    }

    /// Decodes `bytes`, appending every message completed to `messages`.
    ///
    /// Throws `RTMPError`; messages completed before the error are already in `messages`.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into messages: inout [RawMessage]) throws {
        if case .failed = state { throw RTMPError.decoderFailed }
        bytesReceived &+= UInt64(bytes.count)
        do {
            try consume(bytes, into: &messages)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Decodes `bytes` and returns the messages completed (tests, control paths).
    public mutating func feed(_ bytes: [UInt8]) throws -> [RawMessage] {
        var messages: [RawMessage] = []
        try bytes.withUnsafeBytes { try feed($0, into: &messages) }
        return messages
    }

    private mutating func consume(_ input: UnsafeRawBufferPointer, into messages: inout [RawMessage]) throws {
        var offset = 0
        while true {
            if !carry.isEmpty {
                try consumeCarry(into: &messages)
                continue
            }
            guard offset < input.count else { return }
            offset += try step(input, from: offset, into: &messages)
        }
    }

    /// Decodes the handed-back bytes; bytes handed back meanwhile go before the rest of them.
    private mutating func consumeCarry(into messages: inout [RawMessage]) throws {
        let bytes = carry
        carry.removeAll(keepingCapacity: true)
        var offset = 0
        while offset < bytes.count {
            offset += try bytes.withUnsafeBytes { try step($0, from: offset, into: &messages) }
            if !carry.isEmpty {
                carry.append(contentsOf: bytes[offset...])
                return
            }
        }
    }

    /// Consumes bytes for the current state and returns how many.
    private mutating func step(_ input: UnsafeRawBufferPointer, from offset: Int,
                               into messages: inout [RawMessage]) throws -> Int {
        switch state {
        case .failed:
            throw RTMPError.decoderFailed
        case .header:
            var consumed = 0
            while true {
                let needed = headerLength()
                if pending.count >= needed {
                    try processHeader(into: &messages)
                    return consumed
                }
                let available = input.count - offset - consumed
                if available == 0 { return consumed }
                let n = min(needed - pending.count, available)
                let start = offset + consumed
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<(start + n)]))
                consumed += n
            }
        case let .payload(csid, remaining):
            let n = min(remaining, input.count - offset)
            try appendPayload(UnsafeRawBufferPointer(rebasing: input[offset..<(offset + n)]), csid: csid)
            if n == remaining {
                state = .header
                try finishChunk(csid: csid, into: &messages)
            } else {
                state = .payload(csid: csid, remaining: remaining - n)
            }
            return n
        }
    }

    private mutating func appendPayload(_ bytes: UnsafeRawBufferPointer, csid: UInt32) throws {
        guard let buffer = streams[csid]?.partial else { return }
        let newCapacity = buffer.capacityNeeded(toAppend: bytes.count)
        if newCapacity > 0 {
            let extra = newCapacity - buffer.capacity
            guard bufferedBytes + extra <= maxBufferedBytes else {
                throw RTMPError.bufferLimitExceeded(limit: maxBufferedBytes)
            }
            buffer.grow(to: newCapacity)
            bufferedBytes += extra
        }
        buffer.append(bytes)
    }

    /// Emits the message if the chunk completed it, then applies SetChunkSize / Abort.
    private mutating func finishChunk(csid: UInt32, into messages: inout [RawMessage]) throws {
        guard let stream = streams[csid], let buffer = stream.partial, buffer.isComplete else { return }
        release(buffer)
        streams[csid]?.partial = nil
        try emit(RawMessage(header: stream.header, payload: buffer.take()), into: &messages)
    }

    mutating func emit(_ message: RawMessage, into messages: inout [RawMessage]) throws {
        messages.append(message)
        switch message.header.typeID {
        case RTMPMessageType.setChunkSize:
            try setInChunkSize(try RTMPMessage.readUInt32(message.payload, typeID: RTMPMessageType.setChunkSize))
        case RTMPMessageType.abort:
            abort(chunkStreamID: try RTMPMessage.readUInt32(message.payload, typeID: RTMPMessageType.abort))
        default:
            break
        }
    }

    /// Forgets a partial buffer in the limits' accounting.
    private mutating func release(_ buffer: MessageBuffer) {
        bufferedBytes -= buffer.capacity
        partialCount -= 1
    }
}
