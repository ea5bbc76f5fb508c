import TestSupport
import HTTP
import Testing

@Suite struct HTTPDateTests {
    private let example = 784_111_777

    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(example) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ])
    func parsesAllThreeRFC9110Forms(text: String) {
        #expect(HTTPDate.parse(text) == example)
    }

    @Test func formatThenParseRoundTrips() {
        var generator = SplitMix64(seed: 0x5EED_0006)
        let samples = [0, 1, 59, 951_782_400, 2_147_483_647, 2_147_483_648, 4_102_444_799]
            + (0..<500).map { _ in Int.random(in: 0...4_102_444_799, using: &generator) }
        for seconds in samples {
            #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds, "\(seconds)")
        }
    }

    @Test(arguments: [
        "",
        "Sun, 31 Feb 2020 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Now 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 94",
    ])
    func rejectsMalformedAndImpossibleDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}
