/// What the decoder remembers about one chunk stream: later headers compress against it
/// (RTMP §5.3.1.2).
struct ChunkStreamState {
    /// The last header seen, with the absolute timestamp.
    var header: RTMPMessageHeader
    /// The last timestamp delta (for fmt 0 the absolute timestamp, as §5.3.1.2.4 says); a fmt 3
    /// chunk starting a new message repeats it.
    var timestampDelta: UInt32 = 0
    /// The 4-byte extended timestamp field of the last fmt 0/1/2 header, nil when it had none;
    /// fmt 3 chunks carry the same field iff it is set (§5.3.1.3).
    var extendedTimestamp: UInt32?
    /// Whether a header initialised this stream (only then may fmt 2/3 follow).
    var started = false
    /// The message being reassembled, if any.
    var partial: MessageBuffer?

    init(chunkStreamID: UInt32) {
        header = RTMPMessageHeader(chunkStreamID: chunkStreamID, timestamp: 0, typeID: 0, streamID: 0, length: 0)
    }
}
