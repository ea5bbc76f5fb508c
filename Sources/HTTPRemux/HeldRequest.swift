/// Holds an HTTP request whose answer comes later on the loop (an origin-cluster lookup, a
/// cluster-wide API query): the connection reads no further requests meanwhile, and a client
/// that leaves is noticed.
public final class HeldRequest: HTTPStreamSession {
    public private(set) var closed = false

    public init() {}

    public func streamDidDrain() {}
    public func streamDidClose() { closed = true }
}
