/// `%XX` decoding of URL paths and query components (RFC 3986 §2.1).
public enum PercentDecoding {
    /// Strictly decodes `text`: a `%` not followed by two hex digits, a raw or encoded NUL, or bytes that
    /// are not UTF-8 after decoding throw `invalidPercentEncoding`. `+` is left as is (it is not a space
    /// in paths).
    public static func decode(_ text: some StringProtocol) throws(HTTPError) -> String {
        let utf8 = text.utf8
        if !utf8.contains(UInt8(ascii: "%")) {
            guard !utf8.contains(0) else { throw .invalidPercentEncoding(String(text)) }
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            var decoded = byte
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalidPercentEncoding(String(text))
                }
                decoded = high << 4 | low
            }
            guard decoded != 0 else { throw .invalidPercentEncoding(String(text)) }
            bytes.append(decoded)
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { throw .invalidPercentEncoding(String(text)) }
        return string
    }

    /// Leniently decodes a query component: bad escapes stay literal, invalid UTF-8 becomes U+FFFD.
    ///
    /// SRS compat: SRS does not decode query values at all and treats `+` literally; we decode `%XX` only,
    /// so `+` in tokens (`?token=a+b`) reaches hooks unchanged.
    public static func decodeLeniently(_ text: some StringProtocol) -> String {
        let utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
