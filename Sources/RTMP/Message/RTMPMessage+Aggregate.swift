import Core

extension RTMPMessage {
    /// Splits an aggregate message (RTMP §7.1.6) into its sub-messages.
    ///
    /// The body is FLV tags: type(1) size(3) timestamp(3) timestampExtended(1) streamID(3),
    /// data, back pointer(4). The first sub-message's timestamp is rebased to the aggregate's and
    /// the others keep their offsets to it; the aggregate's stream and chunk stream ids apply to
    /// all. Each sub-payload is copied into its own buffer (SRS does the same).
    public static func splitAggregate(_ raw: RawMessage) throws -> [RawMessage] {
        let body = raw.payload.bytes
        var messages: [RawMessage] = []
        var offset = 0
        var delta: UInt32?
        while offset < body.count {
            guard body.count - offset >= 11 else {
                throw RTMPError.invalidAggregate("tag header at \(offset) needs 11 bytes, has \(body.count - offset)")
            }
            let type = body[offset]
            let size = Int(body[offset + 1]) << 16 | Int(body[offset + 2]) << 8 | Int(body[offset + 3])
            let low = UInt32(body[offset + 4]) << 16 | UInt32(body[offset + 5]) << 8 | UInt32(body[offset + 6])
            // FLV §E.4.1: TimestampExtended holds the upper 8 bits (SRS keeps 31 bits).
            let tagTimestamp = (UInt32(body[offset + 7]) << 24 | low) & 0x7FFF_FFFF
            offset += 11
            guard body.count - offset >= size + 4 else {
                throw RTMPError.invalidAggregate("tag at \(offset - 11) declares \(size) bytes, has \(body.count - offset)")
            }
            let rebase = delta ?? raw.header.timestamp &- tagTimestamp
            delta = rebase
            let header = RTMPMessageHeader(chunkStreamID: raw.header.chunkStreamID, timestamp: tagTimestamp &+ rebase,
                                           typeID: type, streamID: raw.header.streamID, length: size)
            let payload = SharedBytes(copying: UnsafeRawBufferPointer(rebasing: body[offset..<(offset + size)]))
            messages.append(RawMessage(header: header, payload: payload))
            offset += size + 4
        }
        return messages
    }
}
