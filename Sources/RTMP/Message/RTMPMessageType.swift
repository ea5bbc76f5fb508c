/// RTMP message type ids (RTMP §5.4, §7.1).
public enum RTMPMessageType {
    public static let setChunkSize: UInt8 = 1
    public static let abort: UInt8 = 2
    public static let acknowledgement: UInt8 = 3
    public static let userControl: UInt8 = 4
    public static let windowAckSize: UInt8 = 5
    public static let setPeerBandwidth: UInt8 = 6
    public static let audio: UInt8 = 8
    public static let video: UInt8 = 9
    public static let dataAMF3: UInt8 = 15
    public static let sharedObjectAMF3: UInt8 = 16
    public static let commandAMF3: UInt8 = 17
    public static let dataAMF0: UInt8 = 18
    public static let sharedObjectAMF0: UInt8 = 19
    public static let commandAMF0: UInt8 = 20
    public static let aggregate: UInt8 = 22
}

/// The chunk stream ids SRS sends on (srs_protocol_rtmp_stack.hpp `RTMP_CID_*`).
public enum RTMPChunkStreamID {
    /// Protocol control and user control messages.
    public static let protocolControl: UInt32 = 2
    /// connect `_result`, createStream `_result`, onBWDone and other connection commands.
    public static let command: UInt32 = 3
    /// onMetaData.
    public static let metadata: UInt32 = 4
    /// onStatus, `|RtmpSampleAccess`, NetStream.Data.Start (stream-level messages).
    public static let stream: UInt32 = 5
    /// Video when the publisher's own chunk stream id is unknown.
    public static let video: UInt32 = 6
    /// Audio when the publisher's own chunk stream id is unknown.
    public static let audio: UInt32 = 7
}
