/// `?start=&count=` of the streams and clients lists.
public struct APIPagination: Sendable, Equatable {
    public var start: Int
    public var count: Int

    /// SRS compat: `start = max(0, atoi(start))`, `count = max(10, atoi(count))`; a missing or
    /// non-numeric value reads as 0, so the count can never go below 10.
    public init(start: String?, count: String?) {
        self.start = max(0, APIPagination.atoi(start ?? ""))
        self.count = max(10, APIPagination.atoi(count ?? ""))
    }

    public init(startValue: Int, countValue: Int) {
        self.start = max(0, startValue)
        self.count = max(10, countValue)
    }

    /// Items `[start, start + count)`.
    public func page<T>(_ items: [T]) -> ArraySlice<T> {
        guard start < items.count else { return [] }
        let end = count > items.count - start ? items.count : start + count
        return items[start..<end]
    }

    /// C `atoi`: optional leading whitespace and sign, then digits up to the first non-digit;
    /// clamps instead of overflowing.
    static func atoi(_ text: String) -> Int {
        var bytes = Substring(text).utf8.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            if o1 || o2 { return negative ? Int(Int32.min) : Int(Int32.max) }
            value = sum
        }
        value = negative ? -value : value
        return Int(Int32(clamping: value))
    }
}
