/// A complete response with its whole body, as `HTTPResponseCollector` returns it.
public struct HTTPClientResponse: Sendable {
    public var head: HTTPClientResponseHead
    /// The de-chunked body; empty for bodiless responses.
    public var body: [UInt8]

    public init(head: HTTPClientResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    public var status: HTTPStatus { head.status }
    public var headers: HTTPHeaders { head.headers }

    /// The body as UTF-8 text (lossy), e.g. a hook's JSON reply.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
