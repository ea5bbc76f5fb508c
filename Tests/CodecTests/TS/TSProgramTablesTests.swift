import Codec
import Testing

@Suite struct TSProgramTablesTests {
    @Test func crcMatchesTheCatalogueCheckValue() {
        // CRC-32/MPEG-2 check value for "123456789".
        let input = Array("123456789".utf8)
        #expect(CRC32MPEG2.checksum(input) == 0x0376_E6E7)
        #expect(TSTestParser.crc32(input) == 0x0376_E6E7)
    }

    @Test func patIsTheSectionNginxRTMPAndSRSWrite() {
        // ngx_rtmp_mpegts_header / SRS 1.0: program 1 → PMT 0x1001, CRC 2e 70 19 05.
        #expect(TSProgramTables.patSection() == [
            0x00, 0xB0, 0x0D, 0x00, 0x01, 0xC1, 0x00, 0x00, 0x00, 0x01, 0xF0, 0x01, 0x2E, 0x70, 0x19, 0x05,
        ])
    }

    @Test func pmtForH264AndAACIsTheSectionNginxRTMPAndSRSWrite() {
        #expect(TSProgramTables.pmtSection(streams: [.h264, .aac], version: 0) == [
            0x02, 0xB0, 0x17, 0x00, 0x01, 0xC1, 0x00, 0x00, 0xE1, 0x00, 0xF0, 0x00,
            0x1B, 0xE1, 0x00, 0xF0, 0x00, 0x0F, 0xE1, 0x01, 0xF0, 0x00, 0x2F, 0x44, 0xB9, 0x9B,
        ])
    }

    @Test(arguments: [
        ([TSStream.aac], UInt16(0x101)), ([TSStream.mp3], UInt16(0x102)), ([TSStream.h264], UInt16(0x100)),
        ([TSStream.h264, .mp3], UInt16(0x100)),
    ] as [([TSStream], UInt16)])
    func pcrPIDIsVideoWhenPresentElseTheAudioPID(streams: [TSStream], pid: UInt16) {
        let section = TSProgramTables.pmtSection(streams: streams, version: 3)
        #expect(UInt16(section[8] & 0x1F) << 8 | UInt16(section[9]) == pid)
        #expect(section[5] == 0xC1 | 3 << 1)
        let crc = UInt32(section[section.count - 4]) << 24 | UInt32(section[section.count - 3]) << 16
            | UInt32(section[section.count - 2]) << 8 | UInt32(section[section.count - 1])
        #expect(TSTestParser.crc32(Array(section.dropLast(4))) == crc)
        // A whole section including its CRC leaves a zero remainder.
        #expect(TSTestParser.crc32(section) == 0)
    }

    @Test func streamConstantsAreSRSs() {
        #expect(TSStream.h264.pid == 0x100 && TSStream.h264.streamType == 0x1B && TSStream.h264.streamID == 0xE0)
        #expect(TSStream.aac.pid == 0x101 && TSStream.aac.streamType == 0x0F && TSStream.aac.streamID == 0xC0)
        #expect(TSStream.mp3.pid == 0x102 && TSStream.mp3.streamType == 0x03 && TSStream.mp3.streamID == 0xC0)
    }
}
