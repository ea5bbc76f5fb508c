import API
import Testing

@Suite struct JSONEncodingTests {
    @Test func encodesCompactlyKeepingKeyOrder() {
        let value: JSONValue = ["z": 1, "a": [true, false, nil], "m": ["inner": "x"]]
        #expect(value.encoded == #"{"z":1,"a":[true,false,null],"m":{"inner":"x"}}"#)
    }

    @Test func printsDoublesWithExactlyTwoDecimalsLikePrintf() {
        let cases: [(Double, String)] = [
            (0, "0.00"), (1, "1.00"), (10, "10.00"), (12.345, "12.35"), (0.125, "0.12"), (0.375, "0.38"),
            (1.005, "1.00"), (-0.001, "-0.00"), (-3.14159, "-3.14"), (123456789.999, "123456790.00"),
            (0.004999, "0.00"), (0.995, "0.99"),
        ]
        for (input, expected) in cases {
            #expect(JSONValue.double(input).encoded == expected, "\(input)")
        }
    }

    @Test func printsNonFiniteDoublesAsZero() {
        #expect(JSONValue.double(.nan).encoded == "0.00")
        #expect(JSONValue.double(.infinity).encoded == "0.00")
        #expect(JSONValue.double(-.infinity).encoded == "0.00")
    }

    @Test func printsIntegersIncludingTheExtremes() {
        #expect(JSONValue.int(0).encoded == "0")
        #expect(JSONValue.int(-42).encoded == "-42")
        #expect(JSONValue.int(.max).encoded == "9223372036854775807")
        #expect(JSONValue.int(.min).encoded == "-9223372036854775808")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let value = JSONValue.string("a\"b\\c\n\t\u{0}\u{1F}/\u{7F}")
        #expect(value.encoded == #""a\"b\\c\u000a\u0009\u0000\u001f/\#u{7F}""#)
    }

    @Test func passesUTF8Through() {
        #expect(JSONValue.string("流媒体 🎥").encoded == "\"流媒体 🎥\"")
    }

    @Test func escapesObjectKeysToo() {
        #expect(JSONValue.object([("a\"b", .null)]).encoded == #"{"a\"b":null}"#)
    }

    @Test func encodesEmptyContainers() {
        #expect(JSONValue.array([]).encoded == "[]")
        #expect(JSONValue.object([]).encoded == "{}")
    }

    @Test func builderReplacesExistingKeysInPlaceLikeSRS() {
        var builder = JSONObjectBuilder()
        builder.set("a", 1)
        builder.set("b", 2)
        builder.set("a", 3)
        builder.setIfPresent("c", nil)
        #expect(builder.value.encoded == #"{"a":3,"b":2}"#)
    }

    @Test func encodedBytesMatchEncodedString() {
        let value: JSONValue = ["k": [1.5, "v"]]
        #expect(value.encodedBytes == Array(value.encoded.utf8))
    }
}
