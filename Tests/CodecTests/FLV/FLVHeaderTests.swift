import Codec
import Testing

@Suite struct FLVHeaderTests {
    @Test func encodesTheNineByteHeaderAndFirstPreviousTagSize() {
        #expect(FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
            == [0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0])
        var bytes: [UInt8] = []
        FLVHeader(hasAudio: false, hasVideo: true).append(to: &bytes)
        #expect(bytes == [0x46, 0x4C, 0x56, 0x01, 0x01, 0, 0, 0, 9])
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func flagsRoundTrip(hasAudio: Bool, hasVideo: Bool) throws {
        let header = FLVHeader(hasAudio: hasAudio, hasVideo: hasVideo)
        var bytes: [UInt8] = []
        header.append(to: &bytes)
        #expect(try FLVHeader(parsing: bytes) == header)
    }

    @Test func everyTruncationThrows() {
        let bytes = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        for cut in 0..<FLVHeader.size {
            #expect(throws: CodecError.self) { _ = try FLVHeader(parsing: Array(bytes[..<cut])) }
        }
    }

    @Test func aBadSignatureVersionOrOffsetIsRejected() {
        #expect(throws: CodecError.flvBadSignature([0x46, 0x4C, 0x58])) {
            _ = try FLVHeader(parsing: [0x46, 0x4C, 0x58, 0x01, 0x05, 0, 0, 0, 9])
        }
        #expect(throws: CodecError.flvUnsupportedVersion(2)) {
            _ = try FLVHeader(parsing: [0x46, 0x4C, 0x56, 0x02, 0x05, 0, 0, 0, 9])
        }
        #expect(throws: CodecError.flvBadDataOffset(8)) {
            _ = try FLVHeader(parsing: [0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 8])
        }
    }
}
