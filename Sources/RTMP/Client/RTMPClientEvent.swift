import Codec
import Core

/// What the client flow asks its driver to do, or tells it.
public enum RTMPClientEvent {
    /// Encode and queue this message on the chunk stream.
    case send(RTMPMessage, csid: UInt32, streamID: UInt32)
    /// Our out chunk size changed (after the SetChunkSize just queued).
    case outChunkSizeChanged(UInt32)
    /// Send an Acknowledgement once this many bytes arrived (the server's window).
    case ackWindow(UInt32)
    /// Play started / publish accepted on this stream id.
    case started(streamID: UInt32)
    /// The upstream redirected us (RTMP 302): the full URL to reconnect to.
    case redirect(String)
    /// The upstream ended the stream politely (play: `NetStream.Play.UnpublishNotify`).
    case streamEnded(String)
    /// The session cannot go on.
    case failed(RTMPClientError)
}

/// Why an outgoing RTMP session failed, with what the server said.
public enum RTMPClientError: Error, Equatable, CustomStringConvertible, SRSCoded {
    case connectRejected(String)
    case createStreamFailed(String)
    case startFailed(code: String, description: String)
    case unexpected(String)

    public var description: String {
        switch self {
        case .connectRejected(let why): return "rtmp client: connect rejected: \(why)"
        case .createStreamFailed(let why): return "rtmp client: createStream failed: \(why)"
        case .startFailed(let code, let why): return "rtmp client: \(code): \(why)"
        case .unexpected(let what): return "rtmp client: \(what)"
        }
    }

    public var srsCode: Int { SRSErrorCode.edgeUpstream }
}
