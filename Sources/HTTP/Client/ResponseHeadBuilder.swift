/// A response head being assembled by `HTTPResponseParser`: status line, header fields, then framing.
struct ResponseHeadBuilder {
    let version: HTTPVersion
    let status: HTTPStatus
    let reason: String
    var headers = HTTPHeaders()
    /// Bytes of the head consumed so far, the status line and line endings included.
    var headBytes: Int

    /// Parses `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4). A missing SP after the code is
    /// accepted, as every client does, since some servers omit it along with the reason.
    init(statusLine line: ArraySlice<UInt8>, consumed: Int) throws(HTTPClientError) {
        let space = HTTPSyntax.space
        guard let firstSpace = line.firstIndex(of: space) else { throw .malformedStatusLine(text(line)) }
        switch HTTPVersion.classify(line[..<firstSpace]) {
        case .supported(let version): self.version = version
        case .unsupported: throw .unsupportedVersion(text(line[..<firstSpace]))
        case .malformed: throw .malformedStatusLine(text(line))
        }
        let rest = line[(firstSpace + 1)...]
        let codeEnd = rest.firstIndex(of: space) ?? rest.endIndex
        let codeBytes = rest[..<codeEnd]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard codeBytes.count == 3, codeBytes.allSatisfy(digits.contains),
              case let code = codeBytes.reduce(0, { $0 * 10 + Int($1 - UInt8(ascii: "0")) }),
              (100...599).contains(code) else {
            throw .invalidStatusCode(text(codeBytes))
        }
        let reasonBytes = codeEnd == rest.endIndex ? rest[codeEnd...] : rest[(codeEnd + 1)...]
        guard reasonBytes.allSatisfy(HTTPSyntax.isFieldValue) else { throw .malformedStatusLine(text(line)) }
        status = HTTPStatus(code)
        reason = text(reasonBytes)
        headBytes = consumed
    }

    /// Whether this is an interim response to skip (RFC 9110 §15.2); 101 is an error since we never upgrade.
    func isInterim() throws(HTTPClientError) -> Bool {
        guard (100..<200).contains(status.code) else { return false }
        if status.code == 101 { throw .unexpectedSwitchingProtocols }
        return true
    }

    /// Parses one field line (RFC 9112 §5) and appends it.
    mutating func addHeader(line: ArraySlice<UInt8>) throws(HTTPClientError) {
        switch HTTPFieldLine(parsing: line) {
        case .field(let name, let value): headers.add(name, value)
        case .obsoleteFold: throw .obsoleteLineFolding
        case .invalidName: throw .invalidHeaderName(text(line))
        case .invalidValue(let name): throw .invalidHeaderValue(name: name)
        }
    }

    /// The body framing, in the precedence of RFC 9112 §6.3.
    func framing(isResponseToHead: Bool) throws(HTTPClientError) -> HTTPBodyFraming {
        if isResponseToHead || !status.allowsBody { return .noBody }
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty { throw .transferEncodingWithContentLength }
            let codings = HTTPSyntax.listElements(transferEncodings)
            // Only a lone `chunked` can be decoded; gzip or a doubled chunked cannot (RFC 9112 §6.1).
            guard codings.count == 1, HTTPSyntax.equalsIgnoringCase(codings[0], "chunked") else {
                throw .unsupportedTransferEncoding(codings.joined(separator: ", "))
            }
            return .chunked
        }
        guard !contentLengths.isEmpty else { return .untilClose }
        // RFC 9112 §6.3 rule 5: identical values are one value; differing ones are an unrecoverable error.
        let joined = contentLengths.joined(separator: ", ")
        let elements = HTTPSyntax.listElements(contentLengths)
        // `decimal` saturates at Int.max, which no real body reaches: treat it as the overflow it is.
        guard let first = elements.first, let length = HTTPSyntax.decimal(first), length < Int.max,
              elements.allSatisfy({ HTTPSyntax.decimal($0) == length }) else {
            throw .invalidContentLength(joined)
        }
        return .contentLength(length)
    }

    func head(framing: HTTPBodyFraming) -> HTTPClientResponseHead {
        HTTPClientResponseHead(version: version, status: status, reason: reason, headers: headers, framing: framing)
    }
}

/// Bytes as text for values and messages (lossy: invalid UTF-8 becomes U+FFFD).
private func text(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}
