import API
import Testing

@Suite struct JSONParserTests {
    static let sample = #"{"code":0,"server":"vid-k21d7y2","data":{"ok":true,"list":[1,-2,3.5,null,"s"],"e":{}},"n":[]}"#

    @Test func parsesObjectsArraysAndScalarsKeepingOrder() throws {
        let value = try JSONParser.parse(Self.sample)
        #expect(value.keys == ["code", "server", "data", "n"])
        #expect(value["code"] == .int(0))
        #expect(value["server"]?.stringValue == "vid-k21d7y2")
        #expect(value["data"]?["list"] == [1, -2, 3.5, nil, "s"])
        #expect(value["data"]?["e"] == .object([]))
        #expect(value["n"] == .array([]))
    }

    @Test func roundTripsThroughTheEncoder() throws {
        let value = try JSONParser.parse(Self.sample)
        #expect(value.encoded == #"{"code":0,"server":"vid-k21d7y2","data":{"ok":true,"list":[1,-2,3.50,null,"s"],"e":{}},"n":[]}"#)
        #expect(try JSONParser.parse(value.encoded) == value)
    }

    @Test func roundTripsStringsWithEveryEscapeClass() throws {
        let original = JSONValue.string("q\"b\\s/\u{0}\u{8}\u{C}\n\r\t\u{1F} é 流 🎥")
        #expect(try JSONParser.parse(original.encoded) == original)
    }

    @Test func decodesNamedAndUnicodeEscapesIncludingSurrogatePairs() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u00e9\u6D41\ud83c\udfa5""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{6D41}\u{1F3A5}"))
    }

    @Test func allowsWhitespaceAroundTokens() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : true } \n")
        #expect(value == ["a": [1, 2], "b": true])
    }

    @Test func keepsDuplicateKeysInOrder() throws {
        let value = try JSONParser.parse(#"{"a":1,"a":2}"#)
        #expect(value.objectValue?.count == 2)
        #expect(value["a"] == .int(1))
    }

    @Test func parsesNumbersAsIntegersOrDoubles() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("1e2") == .double(100))
        #expect(try JSONParser.parse("2.5E-1") == .double(0.25))
        #expect(try JSONParser.parse("19350")["x"] == nil)
        #expect(try JSONParser.parse("19350").intValue == 19350)
        #expect(try JSONParser.parse("19350.0").intValue == 19350)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}",
        "[1 2]", "{\"a\":1 \"b\":2}", "tru", "nul", "falsey", "True", "01", "-", "1.", ".5", "1e", "1e+",
        "+1", "0x10", "NaN", "Infinity", "1e400", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"",
        "\"\\ud83c\"", "\"\\ud83cx\"", "\"\\ud83c\\u0041\"", "\"\\udfa5\"", "\"a\nb\"", "\"tab\there\"",
        "1 2", "{} []", "\"\"x", "[\"a\"]]",
    ])
    func rejectsMalformedInputWithoutCrashing(text: String) {
        #expect(throws: APIError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: APIError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: APIError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func rejectsEveryTruncationOfAValidDocument() {
        let bytes = Array(Self.sample.utf8)
        for cut in 0..<bytes.count {
            #expect(throws: APIError.self, "prefix \(cut)") { try JSONParser.parse(Array(bytes[0..<cut])) }
        }
    }

    @Test func enforcesTheDepthLimitInsteadOfOverflowingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: APIError.jsonTooDeep(limit: JSONParser.defaultMaxDepth)) { try JSONParser.parse(deep) }
        let atLimit = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try JSONParser.parse(atLimit).arrayValue != nil)
        let overLimit = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: APIError.jsonTooDeep(limit: 64)) { try JSONParser.parse(overLimit) }
    }

    @Test func reportsTheOffsetOfASyntaxError() {
        #expect(throws: APIError.jsonSyntax(offset: 5, reason: "expected ',' or ']' in array")) {
            try JSONParser.parse("[1,2 3]")
        }
    }
}
