import Codec
import Core
import Testing

/// What the decoder accepts beyond strict AMF0 so real encoders interoperate.
@Suite struct AMF0ToleranceTests {
    @Test func anECMAArrayWithAWrongCountIsReadUpToItsEndMarker() throws {
        let entries: [UInt8] = [0x00, 0x01, 0x61, 0x05, 0x00, 0x01, 0x62, 0x01, 0x01, 0x00, 0x00, 0x09]
        for count: [UInt8] in [[0, 0, 0, 0], [0, 0, 0, 7], [0xFF, 0xFF, 0xFF, 0xFF]] {
            let decoded = try AMF0Decoder.decodeAll([0x08] + count + entries + [0x05])
            #expect(decoded == [.ecmaArray(["a": .null, "b": .boolean(true)]), .null])
        }
    }

    @Test func anECMAArrayMissingItsEndMarkerIsAcceptedAtTheEndOfInput() throws {
        let bytes: [UInt8] = [0x02, 0x00, 0x01, 0x78, 0x08, 0, 0, 0, 1, 0x00, 0x01, 0x77, 0x00, 0x40, 0x94, 0, 0, 0, 0, 0, 0]
        #expect(try AMF0Decoder.decodeAll(bytes) == [.string("x"), .ecmaArray(["w": .number(1280)])])
    }

    @Test func anECMAArrayMissingItsEndMarkerBeforeItsCountIsTruncated() {
        let bytes: [UInt8] = [0x08, 0, 0, 0, 2, 0x00, 0x01, 0x77, 0x05]
        #expect(throws: CodecError.self) { _ = try AMF0Decoder.decodeAll(bytes) }
    }

    @Test func aReferenceDecodesAsUndefined() throws {
        #expect(try AMF0Decoder.decodeAll([0x07, 0x00, 0x01, 0x05]) == [.undefined, .null])
        #expect(throws: CodecError.self) { _ = try AMF0Decoder.decodeAll([0x07, 0x00]) }
    }

    @Test func aTypedObjectDecodesAsAPlainObject() throws {
        let bytes: [UInt8] = [0x10, 0x00, 0x02, 0x43, 0x6C, 0x00, 0x01, 0x61, 0x05, 0x00, 0x00, 0x09]
        #expect(try AMF0Decoder.decodeAll(bytes) == [.object(["a": .null])])
    }

    @Test func anXMLDocumentDecodesAsALongString() throws {
        #expect(try AMF0Decoder.decodeAll([0x0F, 0, 0, 0, 2, 0x3C, 0x3E]) == [.longString("<>")])
    }

    @Test func anEmptyKeyThatIsNotAnEndMarkerIsAProperty() throws {
        let bytes: [UInt8] = [0x03, 0x00, 0x00, 0x05, 0x00, 0x00, 0x09]
        #expect(try AMF0Decoder.decodeAll(bytes) == [.object(["": .null])])
    }
}
