/// Size limits the request parser enforces; each maps to its own status (414, 431, 413).
public struct HTTPLimits: Equatable, Sendable {
    /// Longest request line, without its CRLF (414 beyond).
    public var requestLineBytes: Int
    /// Largest header section, every line with its line ending, the final empty line included (431 beyond).
    public var headerBytes: Int
    /// Most header fields (431 beyond).
    public var headerCount: Int
    /// Largest Content-Length accepted (413 beyond).
    public var bodyBytes: Int

    public init(requestLineBytes: Int = 8 * 1024, headerBytes: Int = 32 * 1024, headerCount: Int = 100,
                bodyBytes: Int = 1024 * 1024) {
        self.requestLineBytes = requestLineBytes
        self.headerBytes = headerBytes
        self.headerCount = headerCount
        self.bodyBytes = bodyBytes
    }

    public static let `default` = HTTPLimits()
}
