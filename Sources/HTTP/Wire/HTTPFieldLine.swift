/// One `field-name ":" OWS field-value OWS` line (RFC 9112 §5), read the same way for requests, responses and
/// trailers; each parser maps the failures to its own error type.
enum HTTPFieldLine {
    case field(name: String, value: String)
    /// The line starts with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteFold
    /// No colon, or a name that is empty or not a token (whitespace before ':' included, RFC 9112 §5.1).
    case invalidName
    /// A control character in the value (RFC 9110 §5.5).
    case invalidValue(name: String)

    /// Classifies `line` (without its line ending); an empty line is an invalid name (callers stop before it).
    init(parsing line: ArraySlice<UInt8>) {
        guard let first = line.first else {
            self = .invalidName
            return
        }
        guard !HTTPSyntax.isWhitespace(first) else {
            self = .obsoleteFold
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), HTTPSyntax.isToken(line[..<colon]) else {
            self = .invalidName
            return
        }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        var value = line[(colon + 1)...]
        while let byte = value.first, HTTPSyntax.isWhitespace(byte) { value = value.dropFirst() }
        while let byte = value.last, HTTPSyntax.isWhitespace(byte) { value = value.dropLast() }
        guard value.allSatisfy(HTTPSyntax.isFieldValue) else {
            self = .invalidValue(name: name)
            return
        }
        self = .field(name: name, value: String(decoding: value, as: UTF8.self))
    }
}
