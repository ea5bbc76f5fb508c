/// Tokenizing helpers shared by the `/proc` parsers (whitespace-separated, line-oriented text).
enum ProcText {
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// A decimal counter as `Int64`. Unsigned values above `Int64.max` keep their bit pattern.
    ///
    /// SRS compat: SRS reads e.g. `rsslim` as `unsigned long` and prints it through an `int64_t`,
    /// so `18446744073709551615` shows as `-1`.
    static func int64(_ token: Substring) -> Int64? {
        if token.hasPrefix("-") { return Int64(token) }
        guard let unsigned = UInt64(token) else { return nil }
        return Int64(bitPattern: unsigned)
    }

    static func double(_ token: Substring) -> Double? {
        guard let value = Double(token), value.isFinite else { return nil }
        return value
    }

    /// The value of a `Key: 1234 kB` style line whose key (with colon) matches exactly.
    static func keyedValue(_ line: Substring, key: String) -> Int64? {
        guard line.hasPrefix(key) else { return nil }
        let rest = fields(line.dropFirst(key.count))
        guard let first = rest.first else { return nil }
        return int64(first)
    }
}
