/// A single-range `Range: bytes=...` request against a file (RFC 9110 §14.2).
public enum ByteRange: Equatable, Sendable {
    /// Serve the whole file (200): no Range, another unit, a malformed or multi-range request.
    case full
    /// Serve bytes `start...end` (inclusive) with 206 and `contentRange`.
    case partial(start: Int, end: Int)
    /// No byte of the range exists (416) with `Content-Range: bytes */<size>`.
    case unsatisfiable

    /// Interprets a Range header value (`bytes=a-b`, `bytes=a-`, `bytes=-n`) for a file of `fileSize` bytes.
    ///
    /// Multiple ranges (`bytes=0-1,5-6`) are served as `.full`: multipart/byteranges is rarely used by
    /// players and RFC 9110 §14.2 lets a server ignore Range. Syntactically invalid values, `a > b`
    /// included, are ignored the same way. A last byte past the end is clamped; `-n` larger than the file
    /// is the whole file as a range.
    public static func parse(_ header: String?, fileSize: Int) -> ByteRange {
        guard let header, fileSize >= 0 else { return .full }
        let value = HTTPSyntax.trimmed(Substring(header))
        guard value.utf8.count > 6, HTTPSyntax.equalsIgnoringCase(value.prefix(6), "bytes=") else { return .full }
        let spec = HTTPSyntax.trimmed(value.dropFirst(6))
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .full }
        let firstText = spec[..<dash]
        let lastText = spec[spec.index(after: dash)...]
        if firstText.isEmpty {
            // suffix-range: the last n bytes.
            guard let suffix = HTTPSyntax.decimal(lastText) else { return .full }
            guard suffix > 0, fileSize > 0 else { return .unsatisfiable }
            return .partial(start: fileSize - Swift.min(suffix, fileSize), end: fileSize - 1)
        }
        guard let first = HTTPSyntax.decimal(firstText) else { return .full }
        var last = fileSize - 1
        if !lastText.isEmpty {
            guard let value = HTTPSyntax.decimal(lastText), value >= first else { return .full }
            last = Swift.min(value, fileSize - 1)
        }
        guard first < fileSize else { return .unsatisfiable }
        return .partial(start: first, end: last)
    }

    /// The `Content-Range` value (`bytes 0-99/1000`, `bytes */1000`), nil for `.full`.
    public func contentRange(fileSize: Int) -> String? {
        switch self {
        case .full: nil
        case .partial(let start, let end): "bytes \(start)-\(end)/\(fileSize)"
        case .unsatisfiable: "bytes */\(fileSize)"
        }
    }

    /// The number of body bytes to send, nil for `.full` (the file size) and 0 for `.unsatisfiable`.
    public var length: Int? {
        switch self {
        case .full: nil
        case .partial(let start, let end): end - start + 1
        case .unsatisfiable: 0
        }
    }
}
