import TestSupport
import Codec
import Core
import Testing

@Suite struct AMF0DecoderRejectionTests {
    private func decodeOne(_ bytes: [UInt8]) throws(CodecError) -> AMF0Value {
        var reader = ByteReader(bytes)
        return try AMF0Decoder.decode(&reader)
    }

    @Test(arguments: AMF0Samples.scalars + AMF0Samples.containers)
    func everyTruncationThrows(value: AMF0Value) {
        let bytes = AMF0Encoder.encode([value])
        for cut in 0..<bytes.count {
            #expect(throws: CodecError.self, "cut at \(cut) of \(bytes.count)") {
                _ = try decodeOne(Array(bytes[..<cut]))
            }
        }
    }

    @Test(arguments: AMF0Samples.ecmaArrays)
    func everyTruncationOfAnECMAArrayThrowsOrYieldsTheWholeValue(value: AMF0Value) {
        let bytes = AMF0Encoder.encode([value])
        for cut in 0..<bytes.count {
            do {
                let decoded = try decodeOne(Array(bytes[..<cut]))
                #expect(decoded == value, "cut at \(cut) decoded a partial value")
            } catch {
                // Truncated: fine.
            }
        }
    }

    @Test func aTruncationErrorSaysWhereAndWhat() {
        #expect(throws: CodecError.truncated(context: "amf0 string", offset: 3, needed: 5, available: 2)) {
            _ = try decodeOne([0x02, 0x00, 0x05, 0x61, 0x62])
        }
        #expect(throws: CodecError.truncated(context: "amf0 marker", offset: 0, needed: 1, available: 0)) {
            _ = try decodeOne([])
        }
    }

    @Test(arguments: Array(UInt8(0x12)...UInt8(0xFF)))
    func anUnknownMarkerIsRejected(marker: UInt8) {
        #expect(throws: CodecError.amf0UnknownMarker(marker)) { _ = try decodeOne([marker, 0, 0, 0]) }
    }

    @Test(arguments: [UInt8(0x04), 0x0D, 0x0E])
    func reservedMarkersAreRejected(marker: UInt8) {
        #expect(throws: CodecError.amf0UnsupportedMarker(marker)) { _ = try decodeOne([marker]) }
    }

    @Test func aBareObjectEndIsNotAValue() {
        #expect(throws: CodecError.amf0UnexpectedObjectEnd(offset: 2)) {
            _ = try AMF0Decoder.decodeAll([0x05, 0x05, 0x09])
        }
    }

    @Test func nestingBeyondTheLimitIsRejected() {
        let bytes = AMF0Encoder.encode([AMF0Samples.nestedObjects(AMF0Decoder.maxDepth + 1)])
        #expect(throws: CodecError.amf0NestingTooDeep(limit: AMF0Decoder.maxDepth)) {
            _ = try AMF0Decoder.decodeAll(bytes)
        }
    }

    @Test func aDepthBombOfOpenObjectsFailsWithoutExhaustingTheStack() {
        // 03 00 01 'k' repeated: an object whose first property is another object, forever.
        let bomb = Array([[UInt8]](repeating: [0x03, 0x00, 0x01, 0x6B], count: 100_000).joined())
        #expect(throws: CodecError.amf0NestingTooDeep(limit: AMF0Decoder.maxDepth)) {
            _ = try AMF0Decoder.decodeAll(bomb)
        }
        let arrays = Array([[UInt8]](repeating: [0x0A, 0, 0, 0, 1], count: 100_000).joined())
        #expect(throws: CodecError.amf0NestingTooDeep(limit: AMF0Decoder.maxDepth)) {
            _ = try AMF0Decoder.decodeAll(arrays)
        }
        let ecma = Array([[UInt8]](repeating: [0x08, 0, 0, 0, 1, 0x00, 0x01, 0x6B], count: 100_000).joined())
        #expect(throws: CodecError.amf0NestingTooDeep(limit: AMF0Decoder.maxDepth)) {
            _ = try AMF0Decoder.decodeAll(ecma)
        }
    }

    @Test func aHugeStrictArrayCountIsRejectedBeforeAllocating() {
        #expect(throws: CodecError.amf0CountExceedsInput(count: 0xFFFF_FFFF, remaining: 2)) {
            _ = try decodeOne([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x05, 0x05])
        }
    }

    @Test func hugeDeclaredStringLengthsAreTruncationsNotAllocations() {
        #expect(throws: CodecError.truncated(context: "amf0 long string", offset: 5, needed: 0xFFFF_FFFF, available: 1)) {
            _ = try decodeOne([0x0C, 0xFF, 0xFF, 0xFF, 0xFF, 0x61])
        }
        #expect(throws: CodecError.truncated(context: "amf0 string", offset: 3, needed: 0xFFFF, available: 0)) {
            _ = try decodeOne([0x02, 0xFF, 0xFF])
        }
    }

    @Test func anECMAArrayWithAHugeCountAndNoEndIsTruncated() {
        #expect(throws: CodecError.self) { _ = try decodeOne([0x08, 0xFF, 0xFF, 0xFF, 0xFF]) }
    }

    @Test func anObjectWithoutItsEndMarkerIsTruncated() {
        let bytes: [UInt8] = [0x03, 0x00, 0x01, 0x61, 0x05]
        #expect(throws: CodecError.self) { _ = try decodeOne(bytes) }
    }

    @Test func invalidUTF8DecodesLossily() throws {
        #expect(try decodeOne([0x02, 0x00, 0x03, 0xFF, 0xFE, 0xC3]) == .string("\u{FFFD}\u{FFFD}\u{FFFD}"))
        let key = try decodeOne([0x03, 0x00, 0x01, 0x80, 0x05, 0x00, 0x00, 0x09])
        #expect(key == .object(AMF0Object([AMF0Property("\u{FFFD}", .null)])))
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var random = SplitMix64(seed: 0xA3F0)
        var decodedSomething = 0
        for round in 0..<20_000 {
            var bytes = random.bytes(Int.random(in: 0...48, using: &random))
            // Bias towards real markers so parsing gets deep, not just marker rejections.
            if !bytes.isEmpty { bytes[0] = UInt8(round % 0x12) }
            if let values = try? AMF0Decoder.decodeAll(bytes) { decodedSomething += values.count }
        }
        #expect(decodedSomething > 0)
    }
}
