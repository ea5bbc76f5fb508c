import Core
import Testing
@testable import RTMP

@Suite("Aggregate message split")
struct AggregateTests {
    /// One FLV tag with its back pointer (FLV §E.4.1).
    static func tag(type: UInt8, timestamp: UInt32, data: [UInt8], streamID: UInt8 = 0) -> [UInt8] {
        var bytes: [UInt8] = [type]
        bytes.appendUInt24(UInt32(data.count))
        bytes.appendUInt24(timestamp & 0xFF_FFFF)
        bytes.append(UInt8(timestamp >> 24))
        bytes += [0, 0, streamID]
        bytes += data
        bytes.appendUInt32(UInt32(11 + data.count))
        return bytes
    }

    static func aggregate(_ body: [UInt8], timestamp: UInt32 = 5000) -> RawMessage {
        RawMessage(header: RTMPMessageHeader(chunkStreamID: 6, timestamp: timestamp, typeID: 22, streamID: 1,
                                             length: body.count), payload: SharedBytes(body))
    }

    @Test("rebases sub-message timestamps to the aggregate's and keeps their offsets (RTMP §7.1.6)")
    func rebasesTimestamps() throws {
        let body = Self.tag(type: 9, timestamp: 1000, data: [0x17, 1, 2]) + Self.tag(type: 8, timestamp: 1040, data: [0xAF])
            + Self.tag(type: 9, timestamp: 1080, data: [], streamID: 9)
        let messages = try RTMPMessage.splitAggregate(Self.aggregate(body))
        #expect(messages.map(\.header.timestamp) == [5000, 5040, 5080])
        #expect(messages.map(\.header.typeID) == [9, 8, 9])
        #expect(messages.map(\.payload.array) == [[0x17, 1, 2], [0xAF], []])
        #expect(messages.allSatisfy { $0.header.streamID == 1 && $0.header.chunkStreamID == 6 })
        #expect(messages.map(\.header.length) == [3, 1, 0])
    }

    @Test("reads the timestamp's upper byte from TimestampExtended")
    func extendedTagTimestamp() throws {
        let body = Self.tag(type: 9, timestamp: 0x0100_0010, data: [1]) + Self.tag(type: 9, timestamp: 0x0100_0020, data: [2])
        let messages = try RTMPMessage.splitAggregate(Self.aggregate(body, timestamp: 0x0100_0010))
        #expect(messages.map(\.header.timestamp) == [0x0100_0010, 0x0100_0020])
    }

    @Test("splits an empty aggregate into nothing")
    func empty() throws {
        #expect(try RTMPMessage.splitAggregate(Self.aggregate([])).isEmpty)
    }

    @Test("rejects cut tags at every length")
    func rejectsCutTags() {
        let body = Self.tag(type: 9, timestamp: 1000, data: [0x17, 1, 2, 3])
        for length in 1..<body.count {
            #expect(throws: RTMPError.self) { _ = try RTMPMessage.splitAggregate(Self.aggregate(Array(body.prefix(length)))) }
        }
    }
}
