/// `https {}` of `http_api` or `http_server`: a TLS listener serving what the plain one serves.
public struct HTTPSConfig: Equatable, Sendable {
    public var enabled: Bool
    public var listen: ListenAddress
    /// PEM private key and certificate (chain) files, relative to the working directory.
    public var key: String
    public var cert: String

    public init(enabled: Bool, listen: ListenAddress, key: String, cert: String) {
        self.enabled = enabled
        self.listen = listen
        self.key = key
        self.cert = cert
    }

    /// SRS's defaults: off, `./conf/server.key`, `./conf/server.crt`; the port differs per block
    /// (API 1990, server 8088).
    public static func defaults(port: UInt16) -> HTTPSConfig {
        HTTPSConfig(enabled: false, listen: ListenAddress(port: port), key: "./conf/server.key", cert: "./conf/server.crt")
    }

    public static let apiPort: UInt16 = 1990
    public static let serverPort: UInt16 = 8088
}
