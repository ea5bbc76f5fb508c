import Codec
@testable import Live
import Testing

@Suite struct PacketRingTests {
    @Test func sequenceNumbersSurviveTrimsAndCompaction() {
        let ring = PacketRing()
        for t in 0..<1000 { ring.append(PacketFactory.video(Int64(t) * 10)) }
        #expect(ring.start == 0 && ring.end == 1000)
        ring.trim(before: 300)
        #expect(ring.start == 300 && ring.count == 700)
        #expect(ring[300].timestamp == 3000 && ring[999].timestamp == 9990)
        ring.trim(before: 250)  // already gone: no effect
        #expect(ring.start == 300)
        ring.append(PacketFactory.video(10_000))
        #expect(ring[1000].timestamp == 10_000)
        ring.trim(before: 5000)  // past the end: everything, and no further
        #expect(ring.count == 0 && ring.start == 1001 && ring.end == 1001)
    }

    @Test func theTimelineIgnoresTimestampJumps() {
        let ring = PacketRing()
        ring.append(PacketFactory.video(1_000_000, keyframe: true))
        ring.append(PacketFactory.video(1_000_040))
        ring.append(PacketFactory.metadata())
        ring.append(PacketFactory.video(40))  // the publisher restarted its clock
        ring.append(PacketFactory.video(80))
        let times = (0..<5).map { ring.time(at: UInt64($0)) }
        #expect(times == [10, 50, 50, 60, 100])
        #expect(ring.firstTimedAV(from: 2) == 3)
    }

    @Test func theSlowestConsumerBoundsTheRingAndEachGetsItsOwnPackets() throws {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "r"),
                                settings: PlaySettings(jitter: .off, minLatency: true))
        try source.publish(by: .make())
        let fast = source.attach(sink: nil), slow = source.attach(sink: nil)
        for t in 0..<10 { source.feed(PacketFactory.video(Int64(t) * 40, keyframe: t == 0)) }
        var got: [Int64] = []
        fast.take { got.append($0.timestamp) }
        #expect(got.count == 10)
        source.feed(PacketFactory.video(400))
        #expect(fast.ring.count == 11, "the slow player has taken nothing: the ring keeps all")
        got = []
        slow.take(max: 4) { got.append($0.timestamp) }
        #expect(got == [0, 40, 80, 120])
        source.feed(PacketFactory.video(440))
        #expect(slow.ring.start == 4, "trimmed up to the slow player's cursor")
        source.detach(slow)
        source.feed(PacketFactory.video(480))
        #expect(fast.ring.start == fast.cursor, "only the fast player left")
        // A detached consumer that is still drained sees nothing stale and does not crash.
        got = []
        slow.take { got.append($0.timestamp) }
        #expect(got.allSatisfy { $0 >= 400 })
    }

    @Test func jitterIsCorrectedPerPlayerInTheOrderPacketsWereSent() throws {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "j"),
                                settings: PlaySettings(jitter: .full, minLatency: true))
        try source.publish(by: .make())
        let early = source.attach(sink: nil)
        source.feed(PacketFactory.video(5000, keyframe: true))
        source.feed(PacketFactory.video(5040))
        let late = source.attach(sink: nil)
        source.feed(PacketFactory.video(5080))
        var a: [Int64] = [], b: [Int64] = []
        early.take { a.append($0.timestamp) }
        late.take { b.append($0.timestamp) }
        #expect(a == [10, 50, 90], "full jitter rebases to ~0 and keeps the deltas")
        #expect(b == [10, 50, 90])
    }
}
