import Core
import Testing
@testable import RTMP

/// fmt 1/2/3 header compression with hand-built bytes (RTMP §5.3.1.2).
@Suite("ChunkDecoder header compression")
struct ChunkDecoderHeaderTests {
    static func fmt0(csid: UInt8 = 4, timestamp: [UInt8], length: UInt8, type: UInt8 = 8, streamID: UInt8 = 1) -> [UInt8] {
        [csid] + timestamp + [0, 0, length, type, streamID, 0, 0, 0]
    }

    @Test("fmt 1 adds its delta, sets length and type, keeps the stream id")
    func fmt1AddsDelta() throws {
        let bytes = Self.fmt0(timestamp: [0x00, 0x03, 0xE8], length: 2) + [1, 2]
            + [0x44, 0, 0, 40, 0, 0, 3, 9] + [3, 4, 5]
        #expect(try decodeChunks(bytes) == [
            WireMessage(csid: 4, timestamp: 1000, typeID: 8, streamID: 1, payload: [1, 2]),
            WireMessage(csid: 4, timestamp: 1040, typeID: 9, streamID: 1, payload: [3, 4, 5]),
        ])
    }

    @Test("fmt 2 adds its delta and reuses length and type; fmt 3 repeats that delta")
    func fmt2AndFmt3RepeatDelta() throws {
        let bytes = Self.fmt0(timestamp: [0x00, 0x03, 0xE8], length: 3, type: 9) + [1, 2, 3]
            + [0x84, 0, 0, 20] + [4, 5, 6]
            + [0xC4] + [7, 8, 9]
            + [0xC4] + [10, 11, 12]
        let decoded = try decodeChunks(bytes)
        #expect(decoded.map(\.header.timestamp) == [1000, 1020, 1040, 1060])
        #expect(decoded.map(\.payload) == [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
        #expect(decoded.allSatisfy { $0.header.typeID == 9 && $0.header.length == 3 && $0.header.streamID == 1 })
    }

    @Test("fmt 3 right after fmt 0 uses the fmt 0 timestamp as its delta (RTMP §5.3.1.2.4)")
    func fmt3AfterFmt0() throws {
        let bytes = Self.fmt0(timestamp: [0, 0, 100], length: 1) + [1] + [0xC4, 2]
        #expect(try decodeChunks(bytes).map(\.header.timestamp) == [100, 200])
    }

    @Test("accepts a fresh chunk stream opened with fmt 1, as librtmp pings (SRS compat)")
    func freshFmt1Accepted() throws {
        let bytes: [UInt8] = [0x42, 0, 0, 0, 0, 0, 6, 4, 0x00, 0x06, 0x00, 0x00, 0x0D, 0x0F]
        let decoded = try decodeChunks(bytes)
        #expect(decoded == [WireMessage(csid: 2, timestamp: 0, typeID: 4, streamID: 0,
                                        payload: [0x00, 0x06, 0x00, 0x00, 0x0D, 0x0F])])
    }

    @Test("fmt 1 with an extended delta adds it; a new-message fmt 3 repeats the extended field")
    func extendedDelta() throws {
        let bytes = Self.fmt0(timestamp: [0, 0, 10], length: 1) + [1]
            + [0x44, 0xFF, 0xFF, 0xFF, 0, 0, 1, 8, 0x01, 0x00, 0x00, 0x00] + [2]
            + [0xC4, 0x01, 0x00, 0x00, 0x00] + [3]
        #expect(try decodeChunks(bytes).map(\.header.timestamp) == [10, 10 + 0x100_0000, 10 + 0x200_0000])
    }

    @Test("consumes a repeated extended delta on the continuations of a fmt 1 message")
    func extendedDeltaOnContinuations() throws {
        let body = WireMessage.pattern(130, seed: 3)
        let bytes = Self.fmt0(timestamp: [0, 0, 10], length: 1) + [1]
            + [0x44, 0xFF, 0xFF, 0xFF, 0, 0, 130, 9, 0x01, 0x00, 0x00, 0x00] + body.prefix(128)
            + [0xC4, 0x01, 0x00, 0x00, 0x00] + body.suffix(2)
        let decoded = try decodeChunks(bytes)
        #expect(decoded.last == WireMessage(csid: 4, timestamp: 10 + 0x100_0000, typeID: 9, streamID: 1, payload: body))
    }

    @Test("keeps 31 bits of an extended timestamp (SRS compat)")
    func timestampsAre31Bits() throws {
        let bytes = Self.fmt0(timestamp: [0xFF, 0xFF, 0xFF], length: 1).prefix(12) + [0xFF, 0xFF, 0xFF, 0xFF, 7]
        #expect(try decodeChunks(Array(bytes)).map(\.header.timestamp) == [0x7FFF_FFFF])
    }

    @Test("returns zero-length messages and keeps their header state")
    func zeroLengthMessages() throws {
        let bytes = Self.fmt0(timestamp: [0, 0, 5], length: 0) + [0xC4] + [0x84, 0, 0, 1]
        let decoded = try decodeChunks(bytes)
        #expect(decoded.map(\.header.timestamp) == [5, 10, 11])
        #expect(decoded.allSatisfy { $0.payload.isEmpty })
    }

    @Test("takes 2- and 3-byte basic headers")
    func multiByteBasicHeaders() throws {
        let two: [UInt8] = [0x00, 0x01] + [0, 0, 1, 0, 0, 1, 8, 0, 0, 0, 0] + [0xAB]
        let three: [UInt8] = [0x01, 0xFF, 0xFF] + [0, 0, 2, 0, 0, 1, 8, 0, 0, 0, 0] + [0xCD]
        #expect(try decodeChunks(two + three).map(\.header.chunkStreamID) == [65, 65599])
    }
}
