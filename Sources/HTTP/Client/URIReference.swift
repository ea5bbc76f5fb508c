/// The five components of a URI reference, split as RFC 3986 Appendix B does and still percent-encoded.
///
/// Splitting never fails (the Appendix B expression matches every string); `HTTPURL` validates the parts.
struct URIReference: Equatable {
    /// Text before the first ':' when no '/', '?' or '#' comes before it (RFC 3986 §3.1).
    var scheme: Substring?
    /// Text after "//" up to the next '/', '?' or '#' (RFC 3986 §3.2).
    var authority: Substring?
    /// Possibly empty (RFC 3986 §3.3).
    var path: Substring
    /// Text after '?' up to '#' (RFC 3986 §3.4).
    var query: Substring?
    /// Text after '#' (RFC 3986 §3.5); never sent to a server.
    var fragment: Substring?

    init(_ text: String) {
        var rest = Substring(text)
        scheme = nil
        authority = nil
        query = nil
        fragment = nil
        if let colon = rest.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" }),
           rest[colon] == ":", colon > rest.startIndex {
            scheme = rest[..<colon]
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            authority = rest[..<end]
            rest = rest[end...]
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        path = rest
    }
}
