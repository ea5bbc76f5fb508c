/// The parts of an absolute URL `schema://[user@]host[:port][/path][?query][#fragment]`, split
/// the way SRS's `SrsHttpUri` (http_parser) splits a tcUrl.
struct ParsedURL: Equatable {
    var schema: String
    var host: String
    /// The explicit port, or nil.
    var port: Int?
    var path: String
    var query: String
    var fragment: String

    /// Nil when there is no `://`, the schema or host is empty, or the port is not a number
    /// in 1...65535 (SRS then cannot discover the request either).
    init?(_ url: String) {
        let bytes = Array(url.utf8)
        guard let schemaEnd = ParsedURL.find(Array("://".utf8), in: bytes, from: 0), schemaEnd > 0 else { return nil }
        schema = String(decoding: bytes[..<schemaEnd], as: UTF8.self)
        let authorityStart = schemaEnd + 3
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, !"/?#".utf8.contains(bytes[authorityEnd]) { authorityEnd += 1 }
        var authority = Array(bytes[authorityStart..<authorityEnd])
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { authority.removeSubrange(...at) }

        var hostBytes = authority[...]
        var portBytes: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostBytes = authority[1..<close]
            let after = authority[(close + 1)...]
            if let colon = after.first {
                guard colon == UInt8(ascii: ":") else { return nil }
                portBytes = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
            hostBytes = authority[..<colon]
            portBytes = authority[(colon + 1)...]
        }
        guard !hostBytes.isEmpty else { return nil }
        host = String(decoding: hostBytes, as: UTF8.self)
        if let portBytes {
            guard let value = ParsedURL.number(portBytes), (1...65535).contains(value) else { return nil }
            port = value
        }

        var cursor = authorityEnd
        var pathEnd = cursor
        while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        path = String(decoding: bytes[cursor..<pathEnd], as: UTF8.self)
        cursor = pathEnd
        query = ""
        fragment = ""
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "?") {
            var queryEnd = cursor + 1
            while queryEnd < bytes.count, bytes[queryEnd] != UInt8(ascii: "#") { queryEnd += 1 }
            query = String(decoding: bytes[(cursor + 1)..<queryEnd], as: UTF8.self)
            cursor = queryEnd
        }
        if cursor < bytes.count {
            fragment = String(decoding: bytes[(cursor + 1)...], as: UTF8.self)
        }
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A decimal number of at most 5 digits, or nil.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 5 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
