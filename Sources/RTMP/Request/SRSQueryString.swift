/// SRS's lenient query parsing (`SrsHttpUri::parse_query` + `srs_parse_query_string`).
///
/// SRS compat: the text after a first `?` inside the query is what gets parsed, and it is split
/// on any of `=` `,` `&&` `&` `;` into alternating keys and values, so `a=1&&vhost=x`,
/// `a=1,vhost=x` and `a=1;vhost=x` all give `vhost: x`. A later key wins.
enum SRSQueryString {
    /// Separators in SRS's order: at the same position the earlier one wins (`&&` before `&`).
    static let separators: [[UInt8]] = ["=", ",", "&&", "&", ";"].map { Array($0.utf8) }

    static func parse(_ query: String) -> [String: String] {
        var text = Array(query.utf8)
        if let question = text.firstIndex(of: UInt8(ascii: "?")) {
            text.removeSubrange(...question)
        }
        let tokens = split(text)
        var values: [String: String] = [:]
        var index = 0
        while index < tokens.count {
            values[tokens[index]] = index + 1 < tokens.count ? tokens[index + 1] : ""
            index += 2
        }
        return values
    }

    /// `srs_string_split` with several separators: empty tokens between separators are kept,
    /// an empty tail is not.
    static func split(_ text: [UInt8]) -> [String] {
        var tokens: [String] = []
        var start = 0
        while true {
            var best: (position: Int, length: Int)?
            for separator in separators {
                guard let position = ParsedURL.find(separator, in: text, from: start) else { continue }
                if let current = best, current.position <= position { continue }
                best = (position, separator.count)
            }
            guard let (position, length) = best else { break }
            tokens.append(String(decoding: text[start..<position], as: UTF8.self))
            start = position + length
        }
        if start < text.count {
            tokens.append(String(decoding: text[start...], as: UTF8.self))
        }
        return tokens
    }
}
