import TestSupport
import HTTP
import Testing

@Suite struct PercentDecodingTests {
    @Test(arguments: [
        ("/a%20b", "/a b"),
        ("%41%42", "AB"),
        ("%4a%4A", "JJ"),
        ("%e4%b8%ad", "中"),
        ("a+b", "a+b"),
        ("%2F", "/"),
        ("%2e%2e", ".."),
        ("", ""),
        ("plain", "plain"),
    ])
    func decodesValidEscapes(input: String, output: String) throws {
        #expect(try PercentDecoding.decode(input) == output)
    }

    @Test(arguments: ["%", "%4", "a%zz", "%g0", "%00", "a\u{0}b", "%ff", "%c3", "%%41"])
    func rejectsBadEscapesNulAndInvalidUTF8(input: String) {
        #expect(throws: HTTPError.invalidPercentEncoding(input)) { try PercentDecoding.decode(input) }
    }

    @Test(arguments: [
        ("a%zz", "a%zz"),
        ("%41", "A"),
        ("%", "%"),
        ("%4", "%4"),
        ("x%20y%", "x y%"),
        ("a+b", "a+b"),
    ])
    func decodesQueryComponentsLeniently(input: String, output: String) {
        #expect(PercentDecoding.decodeLeniently(input) == output)
    }

    @Test func randomStringsNeverCrashEitherDecoder() {
        var generator = SplitMix64(seed: 0x5EED_0003)
        let alphabet = Array("%0aAfFgz/.\u{0}é".unicodeScalars)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            if let decoded = try? PercentDecoding.decode(text) { #expect(!decoded.utf8.contains(0)) }
            _ = PercentDecoding.decodeLeniently(text)
        }
    }
}
