import Core

/// Chunk header parsing (RTMP §5.3.1): basic header, message header, extended timestamp.
extension ChunkDecoder {
    /// Message header sizes by fmt (RTMP §5.3.1.2).
    static let messageHeaderSizes = [11, 7, 3, 0]

    /// How many header bytes the chunk in `pending` needs, as far as the bytes so far tell.
    func headerLength() -> Int {
        guard let first = pending.first else { return 1 }
        let fmt = Int(first >> 6)
        let basic = ChunkDecoder.basicHeaderLength(first)
        guard pending.count >= basic else { return basic }
        let base = basic + ChunkDecoder.messageHeaderSizes[fmt]
        guard pending.count >= base else { return base }
        if fmt < 3 {
            return readUInt24(at: basic) == 0xFF_FFFF ? base + 4 : base
        }
        // §5.3.1.3: a fmt 3 chunk repeats the extended field iff the stream's last header had one.
        return streams[chunkStreamID()]?.extendedTimestamp != nil ? base + 4 : base
    }

    /// Basic header length from its first byte (RTMP §5.3.1.1).
    static func basicHeaderLength(_ first: UInt8) -> Int {
        switch first & 0x3F {
        case 0: return 2
        case 1: return 3
        default: return 1
        }
    }

    /// The chunk stream id of the basic header in `pending`.
    func chunkStreamID() -> UInt32 {
        let low = UInt32(pending[0] & 0x3F)
        switch low {
        case 0: return 64 + UInt32(pending[1])
        case 1: return 64 + UInt32(pending[1]) + UInt32(pending[2]) * 256
        default: return low
        }
    }

    /// Applies the complete header in `pending` to its chunk stream and starts its payload.
    mutating func processHeader(into messages: inout [RawMessage]) throws {
        let fmt = pending[0] >> 6
        let csid = chunkStreamID()
        var offset = ChunkDecoder.basicHeaderLength(pending[0])
        var stream = streams[csid] ?? ChunkStreamState(chunkStreamID: csid)
        let partial = stream.partial
        if !stream.started && fmt != 0 {
            // SRS compat: librtmp opens a fresh chunk stream with fmt 1 for pings; accept that.
            guard fmt == 1 else { throw RTMPError.chunkStreamNotStarted(chunkStreamID: csid, fmt: fmt) }
        }
        if partial != nil && fmt == 0 { throw RTMPError.chunkStreamBusy(chunkStreamID: csid) }

        var header = stream.header
        if fmt < 3 {
            let field = readUInt24(at: offset)
            offset += 3
            if fmt < 2 {
                let messageLength = Int(readUInt24(at: offset))
                if let partial, partial.length != messageLength {
                    throw RTMPError.messageLengthChanged(chunkStreamID: csid, from: partial.length, to: messageLength)
                }
                header.length = messageLength
                header.typeID = pending[offset + 3]
                offset += 4
            }
            if fmt == 0 {
                header.streamID = readUInt32LE(at: offset)
                offset += 4
            }
            var value = field
            if field == 0xFF_FFFF {
                value = readUInt32(at: offset)
                stream.extendedTimestamp = value
            } else {
                stream.extendedTimestamp = nil
            }
            // §5.3.1.2.1: fmt 0 carries the absolute timestamp; fmt 1/2 a delta.
            header.timestamp = fmt == 0 ? value : header.timestamp &+ value
            stream.timestampDelta = value
        } else if let expected = stream.extendedTimestamp {
            let value = readUInt32(at: offset)
            if partial == nil {
                header.timestamp = header.timestamp &+ value
                stream.timestampDelta = value
                stream.extendedTimestamp = value
            } else if value != expected {
                // SRS compat: some librtmp/ffmpeg versions omit the extended timestamp on fmt 3
                // continuation chunks; SRS peeks and, on a mismatch, reads the 4 bytes as payload.
                carry = Array(pending[offset..<(offset + 4)])
            }
        } else if partial == nil {
            // §5.3.1.2.4: a fmt 3 chunk that starts a message repeats the previous delta.
            header.timestamp = header.timestamp &+ stream.timestampDelta
        }
        // SRS compat: timestamps are 31 bits (FLV's SI32), so the top bit is dropped.
        header.timestamp &= 0x7FFF_FFFF
        header.chunkStreamID = csid
        stream.header = header
        stream.started = true
        pending.removeAll(keepingCapacity: true)

        if partial == nil {
            if header.length == 0 {
                streams[csid] = stream
                state = .header
                try emit(RawMessage(header: header, payload: SharedBytes([])), into: &messages)
                return
            }
            guard partialCount < maxPartialMessages else {
                throw RTMPError.tooManyPartialMessages(limit: maxPartialMessages)
            }
            partialCount += 1
            stream.partial = MessageBuffer(length: header.length)
        }
        let remaining = stream.partial.map { $0.remaining } ?? 0
        streams[csid] = stream
        state = .payload(csid: csid, remaining: min(inChunkSize, remaining))
    }

    private func readUInt24(at offset: Int) -> UInt32 {
        UInt32(pending[offset]) << 16 | UInt32(pending[offset + 1]) << 8 | UInt32(pending[offset + 2])
    }

    private func readUInt32(at offset: Int) -> UInt32 {
        UInt32(pending[offset]) << 24 | readUInt24(at: offset + 1)
    }

    private func readUInt32LE(at offset: Int) -> UInt32 {
        UInt32(pending[offset]) | UInt32(pending[offset + 1]) << 8
            | UInt32(pending[offset + 2]) << 16 | UInt32(pending[offset + 3]) << 24
    }
}
