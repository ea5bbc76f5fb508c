/// Which routes a listener serves: SRS's API port, its HTTP server port, or both on one port.
public struct HTTPListenerRole: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let api = HTTPListenerRole(rawValue: 1)
    public static let server = HTTPListenerRole(rawValue: 2)
}
