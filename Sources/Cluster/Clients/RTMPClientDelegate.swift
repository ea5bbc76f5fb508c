import Codec

/// What an outgoing RTMP session tells its owner (an edge pull, an edge or forward push). All calls
/// happen on the loop thread.
public protocol RTMPClientDelegate: AnyObject {
    /// Play started / publish accepted: media may flow.
    func rtmpClientDidStart(_ client: RTMPClient)
    /// One packet from the upstream (play): metadata, audio or video with its timestamp.
    func rtmpClient(_ client: RTMPClient, didReceive packet: MediaPacket)
    /// The output queue drained (publish flow control).
    func rtmpClientDidDrain(_ client: RTMPClient)
    /// The session ended: `redirect` is set for an RTMP 302, `error` for failures (nil = closed).
    func rtmpClient(_ client: RTMPClient, didEndWith error: (any Error)?, redirect: String?)
}
