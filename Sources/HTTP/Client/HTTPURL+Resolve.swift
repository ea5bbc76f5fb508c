extension HTTPURL {
    /// Resolves a redirect `Location` (RFC 9110 §10.2.2) against this URL, as RFC 3986 §5.2.2 does: an
    /// absolute `http(s)://` URL, a scheme-relative `//host/p`, an absolute path `/p`, a query `?q`, or a
    /// relative path `p` merged with this URL's directory; dot segments are removed (§5.2.4). The result must
    /// again be an http or https URL. A fragment in `reference` is dropped like every fragment.
    public func resolving(_ reference: String) throws(HTTPClientError) -> HTTPURL {
        if let byte = reference.utf8.first(where: { !HTTPSyntax.isTargetByte($0) }) {
            throw .invalidURL(reference, reason: "byte 0x\(String(byte, radix: 16)) is not visible ASCII")
        }
        let relative = URIReference(reference)
        var target = relative
        if relative.scheme == nil {
            target.scheme = Substring(scheme.rawValue)
            if relative.authority == nil {
                target.authority = Substring(port == scheme.defaultPort ? host : "\(host):\(port)")
                if relative.path.isEmpty {
                    target.path = Substring(path)
                    target.query = relative.query ?? query.map { Substring($0) }
                } else if relative.path.hasPrefix("/") {
                    target.path = relative.path
                } else {
                    target.path = Substring(HTTPURL.merge(base: path, relative: relative.path))
                }
            }
        }
        target.path = Substring(HTTPURL.removingDotSegments(target.path))
        return try HTTPURL(reference: target, text: reference)
    }

    /// The base path up to its last '/', then the relative path (RFC 3986 §5.2.3).
    static func merge(base: String, relative: Substring) -> String {
        guard let slash = base.lastIndex(of: "/") else { return "/" + relative }
        return String(base[...slash]) + relative
    }

    /// Interprets `.` and `..` segments (RFC 3986 §5.2.4): `/a/b/../c/./d` → `/a/c/d`; `..` never climbs
    /// above the root.
    static func removingDotSegments(_ path: Substring) -> String {
        var input = path
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                _ = output.popLast()
            } else if input == "/.." {
                input = "/"
                _ = output.popLast()
            } else if input == "." || input == ".." {
                input = ""
            } else {
                // Move the first segment, with its leading '/', to the output.
                let from = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[from...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }
}
