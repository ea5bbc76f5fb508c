/// The key and certificate files of an HTTPS listener.
public struct TLSFiles: Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var cert: String

    public init(key: String, cert: String) {
        self.key = key
        self.cert = cert
    }

    public var description: String { "key=\(key), cert=\(cert)" }
}

/// `http_api.https` or `http_server.https` when enabled: where it listens and with what files.
public struct HTTPSListenerSettings: Equatable, Sendable {
    public var endpoint: HTTPEndpoint
    public var files: TLSFiles

    public init(endpoint: HTTPEndpoint, files: TLSFiles) {
        self.endpoint = endpoint
        self.files = files
    }
}

/// One HTTPS listener the settings ask for: the routes it serves and its key/cert.
public struct HTTPSListenerSpec: Hashable, Sendable {
    public var role: HTTPListenerRole
    public var files: TLSFiles

    public init(role: HTTPListenerRole, files: TLSFiles) {
        self.role = role
        self.files = files
    }
}
