/// An outgoing HTTP/1.1 request (RFC 9112 §3), serialised in one buffer for the socket driver to write.
///
/// The client opens one connection per request, so `Connection: Close` is the default: the response then
/// ends at the latest when the server closes, and no connection state outlives the exchange.
public struct HTTPClientRequest: Sendable {
    /// A token (RFC 9110 §9.1), e.g. `GET`, `POST`.
    public var method: String
    /// The origin-form target, path plus `?query` (RFC 9112 §3.2.1).
    public var target: String
    /// The `Host` value: `host[:port]` (RFC 9110 §7.2).
    public var host: String
    /// SRS hooks send `ServerVersion.signature` (`SRS/5.0.216(Bee)`).
    public var userAgent: String
    /// Sent when not nil (`application/json` for hooks).
    public var contentType: String?
    /// Extra fields, sent after the standard ones in order; one named like a standard field (`Accept`,
    /// `Connection`, `User-Agent`, `Content-Type`) replaces it in place. `Host`, `Content-Length` and
    /// `Transfer-Encoding` are ignored here: framing belongs to this type.
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// `Connection: Keep-Alive` instead of `Close`.
    public var keepAlive: Bool

    public init(method: String = "GET", target: String, host: String, userAgent: String, contentType: String? = nil,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], keepAlive: Bool = false) {
        self.method = method
        self.target = target
        self.host = host
        self.userAgent = userAgent
        self.contentType = contentType
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// A request for `url`: its target and `Host` value.
    public init(method: String = "GET", url: HTTPURL, userAgent: String, contentType: String? = nil,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], keepAlive: Bool = false) {
        self.init(method: method, target: url.target, host: url.hostHeader, userAgent: userAgent,
                  contentType: contentType, headers: headers, body: body, keepAlive: keepAlive)
    }

    /// Whether `Content-Length` is sent: with any body, and always for methods whose content has a meaning
    /// (RFC 9110 §8.6: a user agent should send it, `0` for an empty POST).
    public var sendsContentLength: Bool {
        !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)
    }

    /// Every header field in the order sent: Host, User-Agent, Content-Length, Content-Type, Connection,
    /// Accept, then `headers`.
    public var allHeaders: HTTPHeaders {
        var fields = HTTPHeaders([("Host", host), ("User-Agent", userAgent)])
        if sendsContentLength { fields.add("Content-Length", String(body.count)) }
        if let contentType { fields.add("Content-Type", contentType) }
        fields.add("Connection", keepAlive ? "Keep-Alive" : "Close")
        fields.add("Accept", "*/*")
        for (name, value) in headers {
            let framing = ["Host", "Content-Length", "Transfer-Encoding"]
            guard !framing.contains(where: { HTTPSyntax.equalsIgnoringCase($0, name) }) else { continue }
            if ["User-Agent", "Content-Type", "Connection", "Accept"].contains(where: {
                HTTPSyntax.equalsIgnoringCase($0, name)
            }) {
                fields.set(name, value)
            } else {
                fields.add(name, value)
            }
        }
        return fields
    }

    /// Request line, header section and body in one buffer.
    ///
    /// CR, LF and NUL in header names and values become spaces, and target bytes that are not visible ASCII
    /// are percent-encoded (RFC 3986 §2.1), so text taken from a client or config cannot split the request.
    /// A method that is not a token is a programmer error.
    public func serialized() -> [UInt8] {
        precondition(HTTPSyntax.isToken(method.utf8), "HTTP method must be a token: \(method)")
        let fields = allHeaders
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + target.utf8.count + body.count
            + fields.fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        bytes.append(contentsOf: method.utf8)
        bytes.append(HTTPSyntax.space)
        appendTarget(to: &bytes)
        bytes.append(contentsOf: " HTTP/1.1\r\n".utf8)
        for (name, value) in fields {
            HTTPSyntax.appendNeutralised(name, to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            HTTPSyntax.appendNeutralised(value, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    /// The target with bytes outside visible ASCII as `%XX`; an empty target becomes `/`.
    private func appendTarget(to bytes: inout [UInt8]) {
        guard !target.isEmpty else {
            bytes.append(UInt8(ascii: "/"))
            return
        }
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in target.utf8 {
            if HTTPSyntax.isTargetByte(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
