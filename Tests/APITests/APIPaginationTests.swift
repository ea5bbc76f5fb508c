import API
import Testing

@Suite struct APIPaginationTests {
    @Test(arguments: [
        (nil, nil, 0, 10), ("5", "20", 5, 20), ("-3", "3", 0, 10), ("abc", "x", 0, 10), (" 7x", "+12", 7, 12),
        ("99999999999999999999", "-99999999999999999999", Int(Int32.max), 10),
    ] as [(String?, String?, Int, Int)])
    func clampsStartAndCountLikeSRS(start: String?, count: String?, expectedStart: Int, expectedCount: Int) {
        let page = APIPagination(start: start, count: count)
        #expect(page.start == expectedStart)
        #expect(page.count == expectedCount)
    }

    @Test func pagesAHalfOpenRangeWithoutOverflow() {
        let items = Array(0..<15)
        #expect(Array(APIPagination(startValue: 0, countValue: 0).page(items)) == Array(0..<10))
        #expect(Array(APIPagination(startValue: 10, countValue: 10).page(items)) == Array(10..<15))
        #expect(APIPagination(startValue: 15, countValue: 10).page(items).isEmpty)
        #expect(Array(APIPagination(startValue: 1, countValue: .max).page(items)) == Array(1..<15))
    }
}
