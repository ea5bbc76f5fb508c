import Codec
import Core
import Testing

@Suite struct VideoTagHeaderTests {
    @Test func parsesAnAVCKeyframeWithANegativeCompositionTime() throws {
        let header = try VideoTagHeader(parsing: [0x17, 0x01, 0xFF, 0xFF, 0xD8, 0x65])
        #expect(header == VideoTagHeader(frameType: 1, codecID: 7, avcPacketType: 1, compositionTime: -40))
        #expect(header.isKeyframe && header.isAVC && !header.isSequenceHeader)
        #expect(header.size == 5)
    }

    @Test(arguments: [Int32(0), 1, 40, -1, 0x7F_FFFF, -0x80_0000])
    func roundTripsTheSigned24BitCompositionTime(compositionTime: Int32) throws {
        let header = VideoTagHeader(frameType: 2, codecID: 7, avcPacketType: 1, compositionTime: compositionTime)
        var bytes: [UInt8] = []
        header.append(to: &bytes)
        #expect(try VideoTagHeader(parsing: bytes) == header)
    }

    @Test func aNonAVCCodecHasAOneByteHeader() throws {
        let header = try VideoTagHeader(parsing: [0x22, 0x99])
        #expect(header == VideoTagHeader(frameType: 2, codecID: 2))
        #expect(header.size == 1)
    }

    @Test func parsesFromSlicesAndSharedBytes() throws {
        let body: [UInt8] = [0x00, 0x17, 0x00, 0, 0, 0]
        #expect(try VideoTagHeader(parsing: body[1...]).isSequenceHeader)
        let shared = SharedBytes(body[1...])
        let header = try VideoTagHeader(parsing: shared.bytes)
        withExtendedLifetime(shared) {}
        #expect(header.isSequenceHeader)
    }

    @Test func everyTruncationOfAnAVCHeaderThrows() {
        let bytes: [UInt8] = [0x17, 0x00, 0x00, 0x00, 0x00]
        for cut in 0..<bytes.count {
            #expect(throws: CodecError.self) { _ = try VideoTagHeader(parsing: bytes[..<cut]) }
        }
    }
}
