import Codec

/// One upstream session of an edge pull: RTMP play or HTTP-FLV GET.
public protocol EdgeUpstream: AnyObject {
    /// `host:port` it talks to.
    var endpoint: String { get }
    var bytesReceived: UInt64 { get }
    var delegate: EdgeUpstreamDelegate? { get set }
    func start()
    /// Ends the session without telling the delegate.
    func stop()
}

/// What an upstream session reports to its pull.
public protocol EdgeUpstreamDelegate: AnyObject {
    func upstreamDidStart(_ upstream: EdgeUpstream)
    func upstream(_ upstream: EdgeUpstream, didReceive packet: MediaPacket)
    /// `redirect` is the URL of an RTMP 302 or HTTP 302 to follow at once.
    func upstream(_ upstream: EdgeUpstream, didEndWith error: (any Error)?, redirect: String?)
}
