import Core

/// A response status line and header fields, serialised in the order added (RFC 9112 §4, §5).
public struct HTTPResponseHead: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders

    /// A head with `Server: SRS/5.0.216(Bee)` first, as every SRS response carries it.
    public init(status: HTTPStatus = .ok) {
        self.status = status
        headers = HTTPHeaders([("Server", ServerVersion.signature)])
    }

    /// Appends a header (even if one with that name exists).
    public mutating func add(_ name: String, _ value: String) { headers.add(name, value) }

    /// Sets a header, replacing any with that name.
    public mutating func set(_ name: String, _ value: String) { headers.set(name, value) }

    public mutating func setContentType(_ value: String) { headers.set("Content-Type", value) }

    public mutating func setContentLength(_ length: Int) { headers.set("Content-Length", String(length)) }

    /// Marks the body as chunked (RFC 9112 §7.1); frame it with `HTTPChunked`.
    public mutating func setChunked() { headers.set("Transfer-Encoding", "chunked") }

    /// Announces whether the connection stays open.
    ///
    /// SRS compat: SRS 5 writes `Connection: Close` on every response yet keeps reading further requests of a
    /// keep-alive connection, so compliant clients close anyway. We tell the truth instead: `Keep-Alive` when
    /// the server will read the next request, `Close` when it will close, which lets API pollers reuse their
    /// connection. A server that wants SRS's exact bytes passes `false` and still keeps reading.
    public mutating func setConnection(keepAlive: Bool) {
        headers.set("Connection", keepAlive ? "Keep-Alive" : "Close")
    }

    /// The status line, headers and the empty line. CR, LF and NUL in names or values become spaces so a
    /// value taken from a request cannot split the response.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + headers.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        bytes.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        for (name, value) in headers.fields {
            HTTPSyntax.appendNeutralised(name, to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            HTTPSyntax.appendNeutralised(value, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        return bytes
    }

    /// The interim response to `Expect: 100-continue` (RFC 9110 §15.2.1).
    public static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

extension HTTPResponseHead {
    /// A complete response with a fixed-length body (`Content-Length`), head and body in one buffer.
    public static func complete(status: HTTPStatus, contentType: String, body: [UInt8], keepAlive: Bool,
                                extraHeaders: [(name: String, value: String)] = [], omitBody: Bool = false) -> [UInt8] {
        var head = HTTPResponseHead(status: status)
        for (name, value) in extraHeaders { head.add(name, value) }
        head.setContentType(contentType)
        head.setContentLength(body.count)
        head.setConnection(keepAlive: keepAlive)
        var bytes = head.serialized()
        if !omitBody && status.allowsBody { bytes.append(contentsOf: body) }
        return bytes
    }

    /// An error response as SRS writes it (`srs_go_http_error`): the reason phrase as a
    /// `text/plain; charset=utf-8` body.
    public static func error(_ status: HTTPStatus, keepAlive: Bool = false,
                             extraHeaders: [(name: String, value: String)] = []) -> [UInt8] {
        complete(status: status, contentType: "text/plain; charset=utf-8", body: Array(status.reasonPhrase.utf8),
                 keepAlive: keepAlive, extraHeaders: extraHeaders)
    }

    /// A redirect as SRS writes it (`SrsHttpRedirectHandler`): `Location` plus body `Redirect to <location>`.
    public static func redirect(to location: String, status: HTTPStatus = .found, keepAlive: Bool,
                                extraHeaders: [(name: String, value: String)] = []) -> [UInt8] {
        complete(status: status, contentType: "text/plain; charset=utf-8", body: Array("Redirect to \(location)".utf8),
                 keepAlive: keepAlive, extraHeaders: [("Location", location)] + extraHeaders)
    }
}
