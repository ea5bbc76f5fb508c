/// A request head being assembled by `HTTPRequestParser`: request line, header fields, then framing.
struct RequestHead {
    let method: String
    let target: String
    let url: HTTPRequestTarget
    let version: HTTPVersion
    var headers = HTTPHeaders()
    /// Bytes of the header section consumed so far, line endings included.
    var headerBytes = 0
    var keepAlive = false
    var expectsContinue = false

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3).
    init(requestLine line: ArraySlice<UInt8>) throws(HTTPError) {
        let space = HTTPSyntax.space
        guard let firstSpace = line.firstIndex(of: space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: space) else {
            throw .malformedRequestLine(text(line))
        }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard HTTPSyntax.isToken(methodBytes) else { throw .invalidMethod(text(methodBytes)) }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(HTTPSyntax.isTargetByte) else {
            throw .invalidRequestTarget(text(targetBytes))
        }
        method = text(methodBytes)
        target = text(targetBytes)
        version = try RequestHead.parseVersion(versionBytes)
        url = try HTTPRequestTarget(parsing: target)
        // RFC 9112 §3.2.4: the asterisk-form is only for OPTIONS.
        if url.path == "*" && method != "OPTIONS" { throw .invalidRequestTarget(target) }
    }

    /// `HTTP/1.0` and `HTTP/1.x` (x ≥ 1, treated as 1.1); other well-formed versions are unsupported (505).
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPError) -> HTTPVersion {
        switch HTTPVersion.classify(bytes) {
        case .supported(let version): return version
        case .unsupported: throw .unsupportedVersion(text(bytes))
        case .malformed: throw .invalidVersion(text(bytes))
        }
    }

    /// Parses one `field-name ":" OWS field-value OWS` line (RFC 9112 §5) and appends it.
    mutating func addHeader(line: ArraySlice<UInt8>) throws(HTTPError) {
        switch HTTPFieldLine(parsing: line) {
        case .field(let name, let value): headers.add(name, value)
        case .obsoleteFold: throw .obsoleteLineFolding
        case .invalidName: throw .invalidHeaderName(text(line))
        case .invalidValue(let name): throw .invalidHeaderValue(name: name)
        }
    }

    /// Validates the header section and returns the body length (RFC 9112 §6.3); sets keep-alive (§9.3).
    mutating func finish(limits: HTTPLimits) throws(HTTPError) -> Int {
        if headers.values(for: "Host").count > 1 { throw .duplicateHost }
        let length = try bodyLength(limit: limits.bodyBytes)
        let close = headers.listContains("Connection", token: "close")
        switch version {
        case .http11: keepAlive = !close
        case .http10: keepAlive = !close && headers.listContains("Connection", token: "keep-alive")
        }
        expectsContinue = length > 0 && version == .http11 && headers.listContains("Expect", token: "100-continue")
        return length
    }

    private func bodyLength(limit: Int) throws(HTTPError) -> Int {
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty { throw .transferEncodingWithContentLength }
            let codings = HTTPSyntax.listElements(transferEncodings)
            if let last = codings.last, HTTPSyntax.equalsIgnoringCase(last, "chunked") { throw .chunkedRequestBody }
            throw .unsupportedTransferEncoding(codings.joined(separator: ", "))
        }
        if contentLengths.isEmpty { return 0 }
        // RFC 9112 §6.3 item 5: a list of identical values is one value; differing values are an error.
        let joined = contentLengths.joined(separator: ", ")
        let elements = HTTPSyntax.listElements(contentLengths)
        guard let first = elements.first, let length = HTTPSyntax.decimal(first) else {
            throw .invalidContentLength(joined)
        }
        for element in elements.dropFirst() where HTTPSyntax.decimal(element) != length {
            throw .invalidContentLength(joined)
        }
        guard length <= limit else { throw .bodyTooLarge(length: length, limit: limit) }
        return length
    }

    func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, target: target, path: url.path, rawPath: url.rawPath, rawQuery: url.rawQuery,
                    query: url.queryItems, version: version, headers: headers, body: body, keepAlive: keepAlive,
                    targetAuthority: url.authority)
    }
}

/// Bytes as text for values and messages (lossy: invalid UTF-8 becomes U+FFFD).
private func text(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}
