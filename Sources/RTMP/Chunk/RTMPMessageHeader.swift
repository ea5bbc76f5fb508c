/// The header of one reassembled RTMP message (RTMP §5.3.1.2, §6.1).
public struct RTMPMessageHeader: Equatable, Sendable {
    /// The chunk stream the message arrived on (or should be sent on), 2...65599.
    public var chunkStreamID: UInt32
    /// Absolute timestamp in milliseconds.
    public var timestamp: UInt32
    /// The message type id (`RTMPMessageType`).
    public var typeID: UInt8
    /// The message stream id (0 for connection-level messages).
    public var streamID: UInt32
    /// Payload length in bytes (24 bits on the wire).
    public var length: Int

    public init(chunkStreamID: UInt32, timestamp: UInt32, typeID: UInt8, streamID: UInt32, length: Int) {
        self.chunkStreamID = chunkStreamID
        self.timestamp = timestamp
        self.typeID = typeID
        self.streamID = streamID
        self.length = length
    }
}
