import HTTP

/// Something a route leads to: it answers the request on the connection, at once or by
/// starting a streaming session.
public protocol HTTPHandler: AnyObject {
    func serve(_ request: HTTPRequest, on connection: HTTPConnection)
}

/// A response that keeps writing after the head (HTTP-FLV, large files): it owns the rest of
/// the connection's output and hears when the output drained or the connection ended.
public protocol HTTPStreamSession: AnyObject {
    /// The socket took everything queued; a good moment to queue more.
    func streamDidDrain()
    /// The connection closed (peer left, kicked, server quit).
    func streamDidClose()
}
