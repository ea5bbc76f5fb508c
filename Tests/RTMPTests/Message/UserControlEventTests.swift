import Testing
@testable import RTMP

@Suite("UserControlEvent")
struct UserControlEventTests {
    @Test("round-trips every event", arguments: [
        UserControlEvent.streamBegin(streamID: 1), .streamEOF(streamID: 1), .streamDry(streamID: 2),
        .setBufferLength(streamID: 1, milliseconds: 1000), .streamIsRecorded(streamID: 3),
        .pingRequest(timestamp: 0x0D0F), .pingResponse(timestamp: 0xFFFF_FFFF),
        .unknown(eventType: 0x1A, data: [5]), .unknown(eventType: 0x20, data: []),
    ])
    func roundTrips(event: UserControlEvent) throws {
        #expect(try UserControlEvent(event.encode()) == event)
    }

    @Test("encodes the RTMP §7.1.7 byte layout")
    func exactBytes() {
        #expect(UserControlEvent.streamBegin(streamID: 1).encode() == [0, 0, 0, 0, 0, 1])
        #expect(UserControlEvent.setBufferLength(streamID: 1, milliseconds: 1000).encode()
            == [0, 3, 0, 0, 0, 1, 0, 0, 0x03, 0xE8])
        #expect(UserControlEvent.pingResponse(timestamp: 0x0102_0304).encode() == [0, 7, 1, 2, 3, 4])
    }

    @Test("decodes librtmp's ping request")
    func decodesPing() throws {
        #expect(try UserControlEvent([0x00, 0x06, 0x00, 0x00, 0x0D, 0x0F]) == .pingRequest(timestamp: 0x0D0F))
    }

    @Test("rejects truncated events")
    func rejectsTruncated() {
        #expect(throws: RTMPError.messageTruncated(typeID: 4, needed: 2, available: 1)) { _ = try UserControlEvent([0]) }
        #expect(throws: RTMPError.messageTruncated(typeID: 4, needed: 6, available: 4)) {
            _ = try UserControlEvent([0, 6, 0, 0])
        }
        #expect(throws: RTMPError.messageTruncated(typeID: 4, needed: 10, available: 6)) {
            _ = try UserControlEvent([0, 3, 0, 0, 0, 1])
        }
    }
}
