import CZlib

/// gzip compression of whole response bodies (RFC 1952 via zlib) and Accept-Encoding negotiation.
public enum Gzip {
    /// `bytes` as one gzip member (zlib window 15 + 16 selects the gzip wrapper).
    /// - Parameter level: zlib level 0...9, or -1 for zlib's default (6).
    public static func compress(_ bytes: [UInt8], level: Int32 = -1) throws(HTTPError) -> [UInt8] {
        guard bytes.count <= Int(UInt32.max) else { throw .zlib(function: "deflate", code: Z_BUF_ERROR) }
        var stream = z_stream()
        // deflateInit2 is a function-like macro that Swift does not import; call the underlying function.
        let initCode = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                     Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw .zlib(function: "deflateInit2_", code: initCode) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let code = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else { throw .zlib(function: "deflate", code: code) }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Whether the request's `Accept-Encoding` allows gzip.
    public static func acceptsGzip(_ request: HTTPRequest) -> Bool {
        acceptsGzip(acceptEncoding: request.headers.values(for: "Accept-Encoding"))
    }

    /// Whether `Accept-Encoding` values allow gzip (RFC 9110 §12.5.3): an explicit `gzip`/`x-gzip` entry
    /// decides by its q-value (q=0 refuses); otherwise `*` with q > 0 allows it; otherwise no.
    public static func acceptsGzip(acceptEncoding values: [String]) -> Bool {
        var gzipQuality: Double?
        var anyQuality: Double?
        for element in HTTPSyntax.listElements(values) {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false).map(HTTPSyntax.trimmed)
            guard let coding = parts.first, let quality = qualityValue(parts.dropFirst()) else { continue }
            if HTTPSyntax.equalsIgnoringCase(coding, "gzip") || HTTPSyntax.equalsIgnoringCase(coding, "x-gzip") {
                gzipQuality = Swift.max(gzipQuality ?? 0, quality)
            } else if coding == "*" {
                anyQuality = quality
            }
        }
        if let gzipQuality { return gzipQuality > 0 }
        return (anyQuality ?? 0) > 0
    }

    /// The `q` parameter (RFC 9110 §12.4.2) in 0...1, 1 when absent; nil when malformed.
    static func qualityValue(_ parameters: ArraySlice<Substring>) -> Double? {
        for parameter in parameters {
            guard let equals = parameter.firstIndex(of: "="),
                  HTTPSyntax.equalsIgnoringCase(HTTPSyntax.trimmed(parameter[..<equals]), "q") else { continue }
            let text = HTTPSyntax.trimmed(parameter[parameter.index(after: equals)...])
            guard text.utf8.count <= 5, text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 0x30 && $0 <= 0x39) }),
                  let value = Double(text), (0...1).contains(value) else { return nil }
            return value
        }
        return 1
    }
}
