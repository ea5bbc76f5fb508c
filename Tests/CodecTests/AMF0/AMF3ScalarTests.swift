import Codec
import Testing

/// The 0x11 (avmplus) switch to one AMF3 value (AMF3 spec §3).
@Suite struct AMF3ScalarTests {
    private func amf3(_ bytes: [UInt8]) throws(CodecError) -> [AMF0Value] {
        try AMF0Decoder.decodeAll([0x11] + bytes)
    }

    @Test func simpleTypesMapToTheirAMF0Equivalents() throws {
        #expect(try amf3([0x00]) == [.undefined])
        #expect(try amf3([0x01]) == [.null])
        #expect(try amf3([0x02]) == [.boolean(false)])
        #expect(try amf3([0x03]) == [.boolean(true)])
        #expect(try amf3([0x05, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18]) == [.number(3.141592653589793)])
    }

    @Test(arguments: [
        ([UInt8(0x00)], Double(0)), ([0x7F], 127), ([0x81, 0x00], 128), ([0xFF, 0x7F], 16383),
        ([0x81, 0x80, 0x00], 16384), ([0xBF, 0xFF, 0xFF, 0xFF], 268_435_455),
        ([0xFF, 0xFF, 0xFF, 0xFF], -1), ([0xC0, 0x80, 0x80, 0x00], -268_435_456),
    ] as [([UInt8], Double)])
    func integersAreTwentyNineBitTwosComplement(encoded: [UInt8], expected: Double) throws {
        #expect(try amf3([0x04] + encoded) == [.number(expected)])
    }

    @Test func inlineStringsDecode() throws {
        #expect(try amf3([0x06, 0x0B] + Array("hello".utf8)) == [.string("hello")])
        #expect(try amf3([0x06, 0x01]) == [.string("")])
    }

    @Test func stringReferencesAreRejected() {
        #expect(throws: CodecError.amf3StringReference(index: 2)) { _ = try amf3([0x06, 0x04]) }
    }

    @Test(arguments: Array(UInt8(0x07)...UInt8(0x11)) + [0x12, 0xFF])
    func complexTypesAreRejected(marker: UInt8) {
        #expect(throws: CodecError.amf3UnsupportedMarker(marker)) { _ = try amf3([marker, 0x01]) }
    }

    @Test func everyTruncationThrows() {
        let samples: [[UInt8]] = [
            [0x11, 0x04, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x11, 0x05, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18],
            [0x11, 0x06, 0x0B] + Array("hello".utf8),
        ]
        for bytes in samples {
            for cut in 0..<bytes.count where cut > 0 {
                #expect(throws: CodecError.self) { _ = try AMF0Decoder.decodeAll(Array(bytes[..<cut])) }
            }
        }
    }

    @Test func anAMF3ValueSitsAmongAMF0Values() throws {
        #expect(try AMF0Decoder.decodeAll([0x05, 0x11, 0x03, 0x06]) == [.null, .boolean(true), .undefined])
    }
}
