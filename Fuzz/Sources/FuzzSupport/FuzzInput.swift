/// What the fuzz targets share: turning libFuzzer's buffer into bytes, cutting it into the
/// pieces an incremental parser is fed, and a check that crashes (so libFuzzer keeps the input).
public enum FuzzInput {
    /// libFuzzer's input as an array (its pointer may be nil for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// `bytes` cut into pieces whose lengths follow `pattern`: 0 feeds everything at once, any other
    /// value a pseudo-random sequence of lengths between 1 and `pattern & 0x3F + 1`, so one
    /// input also covers one-byte drips and splits inside headers.
    public static func pieces(_ bytes: ArraySlice<UInt8>, pattern: UInt8) -> [ArraySlice<UInt8>] {
        guard pattern != 0 else { return [bytes] }
        let longest = Int(pattern & 0x3F) + 1
        var state = UInt32(pattern)
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            state = state &* 1_103_515_245 &+ 12345
            let length = 1 + Int((state >> 16) % UInt32(longest))
            let end = min(start + length, bytes.endIndex)
            result.append(bytes[start..<end])
            start = end
        }
        return result
    }

    /// Up to `limit` parts separated by `separator` (the last part keeps any further separators).
    public static func parts(_ bytes: ArraySlice<UInt8>, separator: UInt8 = 0, limit: Int) -> [ArraySlice<UInt8>] {
        bytes.split(separator: separator, maxSplits: limit - 1, omittingEmptySubsequences: false)
    }

    /// Text decoded the way the servers decode it (invalid UTF-8 replaced).
    public static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// Fails the run when an invariant between two ways of parsing the same bytes does not hold.
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}
