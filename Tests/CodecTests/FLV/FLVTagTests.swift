import Codec
import Core
import Testing

@Suite struct FLVTagTests {
    @Test func theTagHeaderSplitsTheTimestampIntoLowBitsAndExtendedByte() {
        var bytes: [UInt8] = []
        FLVTag.appendHeader(kind: .video, timestamp: 0x1234_5678, dataSize: 0xABCDEF, to: &bytes)
        #expect(bytes == [0x09, 0xAB, 0xCD, 0xEF, 0x34, 0x56, 0x78, 0x12, 0x00, 0x00, 0x00])
    }

    @Test func thePreviousTagSizeIsElevenPlusTheBody() {
        var bytes: [UInt8] = []
        FLVTag.appendPreviousTagSize(dataSize: 0x100, to: &bytes)
        #expect(bytes == [0, 0, 0x01, 0x0B])
    }

    @Test(arguments: [
        UInt32(0), 1, 40, 0xFF_FFFE, 0xFF_FFFF, 0x100_0000, 0x100_0001, 0x7FFF_FFFF, 0xFFFF_FFFF,
    ])
    func headerRoundTripsForEveryTimestampRange(timestamp: UInt32) throws {
        for kind: MediaPacket.Kind in [.audio, .video, .script] {
            for dataSize in [0, 1, 0xFFFF, FLVTag.maxDataSize] {
                var bytes: [UInt8] = []
                FLVTag.appendHeader(kind: kind, timestamp: timestamp, dataSize: dataSize, to: &bytes)
                #expect(bytes.count == FLVTag.headerSize)
                let header = try FLVTag.Header(parsing: bytes)
                #expect(header == FLVTag.Header(kind: kind, dataSize: dataSize, timestamp: timestamp))
            }
        }
    }

    @Test func everyTruncationOfATagHeaderThrows() {
        var bytes: [UInt8] = []
        FLVTag.appendHeader(kind: .audio, timestamp: 0x0100_0000, dataSize: 7, to: &bytes)
        for cut in 0..<bytes.count {
            #expect(throws: CodecError.self) { _ = try FLVTag.Header(parsing: Array(bytes[..<cut])) }
        }
    }

    @Test func anUnknownTagTypeIsRejectedAndTheFilterBitIgnored() throws {
        #expect(throws: CodecError.flvUnknownTagType(7)) {
            _ = try FLVTag.Header(parsing: [0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(try FLVTag.Header(parsing: [0x28, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]).kind == .audio)
    }

    @Test func aWholeTagEncodesHeaderBodyAndTrailer() {
        let tag = FLVTag(kind: .script, timestamp: 0x0100_0002, body: [0xAA, 0xBB])
        #expect(tag.encoded() == [0x12, 0, 0, 2, 0, 0, 2, 1, 0, 0, 0, 0xAA, 0xBB, 0, 0, 0, 13])
    }
}
