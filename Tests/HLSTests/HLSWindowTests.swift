import HLS
import Testing

@Suite struct HLSWindowTests {
    private func window(_ durations: [Int64]) -> HLSWindow {
        var window = HLSWindow()
        for (index, duration) in durations.enumerated() {
            window.append(HLSSegment(sequence: index, durationMillis: duration, discontinuity: false,
                                     uri: "\(index).ts", path: "/p/\(index).ts"))
        }
        return window
    }

    @Test(arguments: [
        // Newest first, the segment that makes the sum exceed the window stays; older ones go.
        ([Int64](repeating: 10_000, count: 6), Int64(60_000), [Int]()),
        ([Int64](repeating: 10_000, count: 7), 60_000, []),
        ([Int64](repeating: 10_000, count: 8), 60_000, [0]),
        ([Int64](repeating: 10_000, count: 10), 60_000, [0, 1, 2]),
        ([30_000, 1_000, 1_000, 1_000], 2_500, [0]),
        ([1_000, 1_000, 1_000, 1_000], 1_500, [0, 1]),
        ([5_000], 1_000, []),
        ([], 1_000, []),
    ] as [([Int64], Int64, [Int])])
    func shrinkKeepsTheWindowPlusTheSegmentThatCrossesIt(durations: [Int64], windowMillis: Int64, expired: [Int]) {
        var window = window(durations)
        let removed = window.shrink(windowMillis: windowMillis)
        #expect(removed.map(\.sequence) == expired)
        #expect(window.segments.map(\.sequence) == Array(expired.count..<durations.count))
    }

    @Test func removeAllReturnsEverything() {
        var window = window([1, 2, 3])
        #expect(window.maxDurationMillis == 3)
        #expect(window.removeAll().count == 3)
        #expect(window.isEmpty)
    }
}
