/// SRS's `SrsLbRoundRobin`: every pick takes the next entry (count++ % n), so reconnects fail
/// over and spread load in list order.
public struct RoundRobin<Element> {
    public private(set) var count: UInt64 = 0

    public init() {}

    /// The next element of `elements` (nil when empty). The list may change between picks (a
    /// reload or a re-resolved name); the counter carries on.
    public mutating func next(of elements: [Element]) -> Element? {
        guard !elements.isEmpty else { return nil }
        let index = Int(count % UInt64(elements.count))
        count &+= 1
        return elements[index]
    }
}
