import Core

/// One complete RTMP message as reassembled from chunks: header plus undecoded payload.
///
/// Audio and video keep this shape all the way to the live source; `RTMPMessage(raw)` decodes
/// the rest.
public struct RawMessage {
    public var header: RTMPMessageHeader
    public let payload: SharedBytes

    public init(header: RTMPMessageHeader, payload: SharedBytes) {
        self.header = header
        self.payload = payload
    }
}
