/// vhost `forward {}` (srs-facts §1.4): every published stream is relayed to each destination.
public struct ForwardConfig: Equatable, Sendable {
    public var enabled: Bool
    /// `host[:port]` entries (port 1935 by default).
    public var destinations: [String]

    public init(enabled: Bool, destinations: [String]) {
        self.enabled = enabled
        self.destinations = destinations
    }

    public static let defaults = ForwardConfig(enabled: false, destinations: [])
}
