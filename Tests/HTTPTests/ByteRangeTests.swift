import TestSupport
import HTTP
import Testing

@Suite struct ByteRangeTests {
    @Test(arguments: [
        (nil, 1000, ByteRange.full),
        ("bytes=0-99", 1000, .partial(start: 0, end: 99)),
        ("bytes=500-", 1000, .partial(start: 500, end: 999)),
        ("bytes=-100", 1000, .partial(start: 900, end: 999)),
        ("bytes=-2000", 1000, .partial(start: 0, end: 999)),
        ("bytes=990-2000", 1000, .partial(start: 990, end: 999)),
        ("bytes=999-999", 1000, .partial(start: 999, end: 999)),
        ("Bytes=0-0", 1000, .partial(start: 0, end: 0)),
        (" bytes= 0-0 ", 1000, .partial(start: 0, end: 0)),
        ("bytes=1000-", 1000, .unsatisfiable),
        ("bytes=1000-1001", 1000, .unsatisfiable),
        ("bytes=-0", 1000, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
        ("bytes=-5", 0, .unsatisfiable),
        ("bytes=5-4", 1000, .full),
        ("bytes=0-1,5-6", 1000, .full),
        ("items=0-1", 1000, .full),
        ("bytes=abc", 1000, .full),
        ("bytes=-", 1000, .full),
        ("bytes=", 1000, .full),
        ("bytes=1-2-3", 1000, .full),
        ("bytes=99999999999999999999999-", 1000, .unsatisfiable),
    ] as [(String?, Int, ByteRange)])
    func interpretsRangeHeaders(header: String?, size: Int, range: ByteRange) {
        #expect(ByteRange.parse(header, fileSize: size) == range)
    }

    @Test func describesContentRangeAndLength() {
        #expect(ByteRange.partial(start: 0, end: 99).contentRange(fileSize: 1000) == "bytes 0-99/1000")
        #expect(ByteRange.partial(start: 0, end: 99).length == 100)
        #expect(ByteRange.unsatisfiable.contentRange(fileSize: 1000) == "bytes */1000")
        #expect(ByteRange.unsatisfiable.length == 0)
        #expect(ByteRange.full.contentRange(fileSize: 1000) == nil)
        #expect(ByteRange.full.length == nil)
    }

    @Test func everyPartialRangeLiesInsideTheFile() {
        var generator = SplitMix64(seed: 0x5EED_0005)
        let pieces = ["bytes=", "-", "0", "9", "1", ",", " ", "99999999999999999999"]
        for _ in 0..<3000 {
            let header = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            let size = Int.random(in: 0...20, using: &generator)
            if case .partial(let start, let end) = ByteRange.parse(header, fileSize: size) {
                #expect(start >= 0 && start <= end && end < size, "\(header) size \(size)")
            }
        }
    }
}
