import Core
import Testing

@Suite struct ByteReaderTests {
    @Test func readsBigAndLittleEndianIntegers() throws {
        var reader = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D])
        #expect(try reader.readUInt8() == 0x01)
        #expect(try reader.readUInt16() == 0x0203)
        #expect(try reader.readUInt24() == 0x040506)
        #expect(try reader.readUInt32LE() == 0x0A09_0807)
        #expect(try reader.readUInt24() == 0x0B0C0D)
        #expect(reader.isAtEnd)
    }

    @Test func throwsTruncatedWithOffsetsInsteadOfReadingPastTheEnd() {
        var reader = ByteReader([0x01, 0x02])
        #expect(throws: ByteReaderError.truncated(offset: 0, needed: 4, available: 2)) { try reader.readUInt32() }
        #expect(reader.offset == 0)
    }

    @Test func writersRoundTripThroughTheReader() throws {
        var bytes: [UInt8] = []
        bytes.appendUInt16(0xBEEF)
        bytes.appendUInt24(0xC0FFEE)
        bytes.appendUInt32(0xDEAD_BEEF)
        bytes.appendUInt32LE(0x0102_0304)
        bytes.appendUInt64(0x1122_3344_5566_7788)
        var reader = ByteReader(bytes)
        #expect(try reader.readUInt16() == 0xBEEF)
        #expect(try reader.readUInt24() == 0xC0FFEE)
        #expect(try reader.readUInt32() == 0xDEAD_BEEF)
        #expect(try reader.readUInt32LE() == 0x0102_0304)
        #expect(try reader.readUInt64() == 0x1122_3344_5566_7788)
    }
}
