/// Size limits the response parser and collector enforce, so a broken or hostile upstream costs bounded memory.
public struct HTTPClientLimits: Equatable, Sendable {
    /// Largest status line plus header section, every line ending and the final empty line included; each
    /// interim (1xx) response gets its own budget.
    public var headBytes: Int
    /// Most header fields in one response head.
    public var headerCount: Int
    /// Longest chunk-size line, extensions and line ending included (RFC 9112 §7.1.1).
    public var chunkHeaderBytes: Int
    /// Largest trailer section, its final empty line included (RFC 9112 §7.1.2).
    public var trailerBytes: Int
    /// Largest body `HTTPResponseCollector` buffers; streaming bodies have no limit.
    public var bodyBytes: Int

    public init(headBytes: Int = 16 * 1024, headerCount: Int = 100, chunkHeaderBytes: Int = 4 * 1024,
                trailerBytes: Int = 16 * 1024, bodyBytes: Int = 1024 * 1024) {
        self.headBytes = headBytes
        self.headerCount = headerCount
        self.chunkHeaderBytes = chunkHeaderBytes
        self.trailerBytes = trailerBytes
        self.bodyBytes = bodyBytes
    }

    public static let `default` = HTTPClientLimits()
}
