/// What `HTTPResponseParser.next()` hands out, in this order: one `head`, any number of `body` pieces, `end`.
public enum HTTPResponseEvent: Sendable {
    /// The final response's head (interim 1xx responses are skipped).
    case head(HTTPClientResponseHead)
    /// Body bytes as they arrived, chunk framing removed; never empty.
    case body([UInt8])
    /// The body is complete; the parser returns nil from now on.
    case end
}
