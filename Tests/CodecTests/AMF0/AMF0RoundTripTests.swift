import Codec
import Core
import Testing

@Suite struct AMF0RoundTripTests {
    @Test(arguments: AMF0Samples.all)
    func everyValueDecodesToWhatWasEncoded(value: AMF0Value) throws {
        let bytes = AMF0Encoder.encode([value])
        var reader = ByteReader(bytes)
        #expect(try AMF0Decoder.decode(&reader) == value)
        #expect(reader.isAtEnd)
    }

    @Test func aCommandMessageBodyRoundTripsAsASequence() throws {
        let command: [AMF0Value] = [
            .string("connect"), .number(1), .object(AMF0Samples.connectObject), .null, .undefined,
        ]
        #expect(try AMF0Decoder.decodeAll(AMF0Encoder.encode(command)) == command)
    }

    @Test func theSliceVariantDecodesFromAnOffset() throws {
        let bytes: [UInt8] = [0xAA, 0xBB] + AMF0Encoder.encode([.string("x"), .number(2)])
        #expect(try AMF0Decoder.decodeAll(bytes[2...]) == [.string("x"), .number(2)])
    }

    @Test func sixtyFourNestedObjectsAreAllowed() throws {
        let value = AMF0Samples.nestedObjects(AMF0Decoder.maxDepth)
        #expect(try AMF0Decoder.decodeAll(AMF0Encoder.encode([value])) == [value])
    }

    @Test func encodesTheWireFormatOfTheSpec() {
        #expect(AMF0Encoder.encode([.string("connect")]) == [0x02, 0x00, 0x07] + Array("connect".utf8))
        #expect(AMF0Encoder.encode([.number(1)]) == [0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0])
        #expect(AMF0Encoder.encode([.boolean(true), .null, .undefined]) == [0x01, 0x01, 0x05, 0x06])
        #expect(AMF0Encoder.encode([.object(["app": .string("live")])])
            == [0x03, 0x00, 0x03] + Array("app".utf8) + [0x02, 0x00, 0x04] + Array("live".utf8) + [0x00, 0x00, 0x09])
        #expect(AMF0Encoder.encode([.ecmaArray(["a": .null])])
            == [0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x61, 0x05, 0x00, 0x00, 0x09])
        #expect(AMF0Encoder.encode([.strictArray([.null, .null])]) == [0x0A, 0, 0, 0, 2, 0x05, 0x05])
        #expect(AMF0Encoder.encode([.date(0, timeZone: -1)]) == [0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF])
        #expect(AMF0Encoder.encode([.longString("ab")]) == [0x0C, 0, 0, 0, 2, 0x61, 0x62])
    }

    @Test func aStringTooLongForSixteenBitsIsWrittenAsALongString() throws {
        let text = String(repeating: "x", count: 70_000)
        let bytes = AMF0Encoder.encode([.string(text)])
        #expect(bytes.first == 0x0C)
        #expect(try AMF0Decoder.decodeAll(bytes) == [.longString(text)])
    }

    @Test func nanKeepsItsBitPattern() throws {
        let nan = Double(bitPattern: 0x7FF8_0000_0000_0001)
        let decoded = try AMF0Decoder.decodeAll(AMF0Encoder.encode([.number(nan)]))
        #expect(decoded.first?.numberValue?.bitPattern == nan.bitPattern)
    }

    @Test func encodeIntoAppendsAfterExistingBytes() {
        var bytes: [UInt8] = [0xEE]
        AMF0Encoder.encode(.null, into: &bytes)
        #expect(bytes == [0xEE, 0x05])
    }
}
