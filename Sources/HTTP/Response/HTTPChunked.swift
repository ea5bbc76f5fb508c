/// Chunked transfer coding framing for response bodies (RFC 9112 §7.1).
///
/// Each chunk is `header(size)`, the data, then `trailer`; the body ends with `terminator`. A zero-length
/// chunk would end the body, so callers skip empty writes (`frame` returns nothing for them).
public enum HTTPChunked {
    /// `<size in lowercase hex>\r\n` for a chunk of `size` > 0 bytes.
    public static func header(_ size: Int) -> [UInt8] {
        precondition(size > 0, "a zero-size chunk ends the body; use HTTPChunked.terminator")
        var bytes = Array(String(size, radix: 16).utf8)
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
        return bytes
    }

    /// The CRLF after each chunk's data.
    public static let trailer: [UInt8] = [HTTPSyntax.cr, HTTPSyntax.lf]

    /// The last chunk and the empty trailer section: `0\r\n\r\n`.
    public static let terminator: [UInt8] = Array("0\r\n\r\n".utf8)

    /// One whole chunk (header, data, trailer) in a single buffer; empty for empty data.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        var bytes = header(data.count)
        bytes.reserveCapacity(bytes.count + data.count + 2)
        bytes.append(contentsOf: data)
        bytes.append(contentsOf: trailer)
        return bytes
    }
}
