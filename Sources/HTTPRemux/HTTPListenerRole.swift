/// Which routes a listener serves: SRS's API port, its HTTP server port, the exporter's port, or
/// several of them on one port.
public struct HTTPListenerRole: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let api = HTTPListenerRole(rawValue: 1)
    public static let server = HTTPListenerRole(rawValue: 2)
    /// `/metrics` only (when alone on its port; shared, the other role serves the other paths).
    public static let exporter = HTTPListenerRole(rawValue: 4)

    /// The listener's name in the log, as SRS names its listeners.
    public var label: String { label(secure: false) }

    /// `HTTPS-API`, `HTTPS-Server` for the TLS listeners.
    public func label(secure: Bool) -> String {
        if secure {
            if contains(.server) { return contains(.api) ? "HTTPS-Server (API reuses https)" : "HTTPS-Server" }
            return "HTTPS-API"
        }
        var names: [String] = []
        if contains(.server) { names.append(contains(.api) ? "HTTP-Server (API reuses http)" : "HTTP-Server") }
        if contains(.api) && !contains(.server) { names.append("HTTP-API") }
        if contains(.exporter) { names.append(names.isEmpty ? "Exporter-Server" : "(exporter reuses it)") }
        return names.joined(separator: " ")
    }
}
