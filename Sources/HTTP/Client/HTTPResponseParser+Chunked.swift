extension HTTPResponseParser {
    /// The size of a `chunk-size [chunk-ext]` line (RFC 9112 §7.1.1): hex digits, then optional whitespace
    /// and `;`-separated extensions, which are ignored (they may only be field-value characters).
    static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPClientError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = PercentDecoding.hexValue(line[index]) {
            // 15 hex digits always fit in an Int; beyond that, check.
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow else { throw .invalidChunkSize(text(line)) }
            size = shifted | Int(digit)
            index += 1
        }
        guard index > line.startIndex else { throw .invalidChunkSize(text(line)) }
        var rest = line[index...]
        // BWS before ';' (RFC 9112 §7.1.1); tolerated before the line end too.
        while let byte = rest.first, HTTPSyntax.isWhitespace(byte) { rest = rest.dropFirst() }
        guard rest.isEmpty || rest.first == UInt8(ascii: ";"), rest.allSatisfy(HTTPSyntax.isFieldValue) else {
            throw .invalidChunkSize(text(line))
        }
        return size
    }
}

/// Bytes as text for error messages (lossy).
private func text(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}
