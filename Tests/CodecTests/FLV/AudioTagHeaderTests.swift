import Codec
import Testing

@Suite struct AudioTagHeaderTests {
    @Test func parsesAnAACSequenceHeader() throws {
        let header = try AudioTagHeader(parsing: [0xAF, 0x00, 0x12, 0x10])
        #expect(header == AudioTagHeader(soundFormat: 10, soundRate: 3, soundSize: 1, soundType: 1, aacPacketType: 0))
        #expect(header.isAAC && header.isSequenceHeader && header.sampleRate == 44100 && header.size == 2)
    }

    @Test func theSoundRateTableMatchesTheFLVSpec() throws {
        #expect(AudioTagHeader.soundRates == [5512, 11025, 22050, 44100])
        for rate in UInt8(0)...3 {
            let header = try AudioTagHeader(parsing: [0x20 | rate << 2])
            #expect(header.sampleRate == AudioTagHeader.soundRates[Int(rate)])
            #expect(header.aacPacketType == nil && header.size == 1)
        }
    }

    @Test func roundTripsEveryField() throws {
        for format in UInt8(0)...15 {
            for bits in UInt8(0)...15 {
                let header = AudioTagHeader(soundFormat: format, soundRate: bits >> 2, soundSize: bits >> 1 & 1,
                                            soundType: bits & 1, aacPacketType: format == 10 ? 1 : nil)
                var bytes: [UInt8] = []
                header.append(to: &bytes)
                #expect(try AudioTagHeader(parsing: bytes) == header)
            }
        }
    }

    @Test func truncatedHeadersThrow() {
        #expect(throws: CodecError.flvEmptyTagBody) { _ = try AudioTagHeader(parsing: [UInt8]()) }
        #expect(throws: CodecError.self) { _ = try AudioTagHeader(parsing: [0xAF]) }
    }
}
