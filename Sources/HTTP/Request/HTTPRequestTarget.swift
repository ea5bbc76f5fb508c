/// The URL parts of a request target (RFC 9112 §3.2): origin-form, absolute-form and asterisk-form.
struct HTTPRequestTarget: Equatable {
    var path: String
    var rawPath: String
    var rawQuery: String
    var authority: String?

    /// Splits and decodes `target`, whose bytes the request-line parser has already limited to visible ASCII.
    init(parsing target: String) throws(HTTPError) {
        var rest = Substring(target)
        if target == "*" {
            self.init(path: "*", rawPath: "*", rawQuery: "", authority: nil)
            return
        }
        if target.contains("#") { throw .invalidRequestTarget(target) }
        var authority: String?
        if !rest.hasPrefix("/") {
            // absolute-form: scheme "://" authority [path] ["?" query]; only http and https make sense here.
            guard let schemeEnd = rest.firstRange(of: "://"),
                  ["http", "https"].contains(where: { HTTPSyntax.equalsIgnoringCase($0, rest[..<schemeEnd.lowerBound]) })
            else { throw .invalidRequestTarget(target) }
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            guard authorityEnd > rest.startIndex else { throw .invalidRequestTarget(target) }
            authority = String(rest[..<authorityEnd])
            rest = rest[authorityEnd...]
        }
        let queryStart = rest.firstIndex(of: "?")
        var rawPath = String(rest[..<(queryStart ?? rest.endIndex)])
        if rawPath.isEmpty { rawPath = "/" }
        let rawQuery = queryStart.map { String(rest[rest.index(after: $0)...]) } ?? ""
        self.init(path: try PercentDecoding.decode(rawPath), rawPath: rawPath, rawQuery: rawQuery, authority: authority)
    }

    init(path: String, rawPath: String, rawQuery: String, authority: String?) {
        self.path = path
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.authority = authority
    }

    /// The `&`-separated `name=value` pairs of the query, empty pieces skipped, decoded leniently.
    ///
    /// SRS compat: SRS also splits on `,` and `;`; we split on `&` only (the form-urlencoded convention).
    var queryItems: [(name: String, value: String)] {
        rawQuery.split(separator: "&").map { piece in
            guard let equals = piece.firstIndex(of: "=") else { return (PercentDecoding.decodeLeniently(piece), "") }
            return (PercentDecoding.decodeLeniently(piece[..<equals]),
                    PercentDecoding.decodeLeniently(piece[piece.index(after: equals)...]))
        }
    }
}
