import Codec
@testable import Live
import Testing

/// Players that drained together are checked as one group; they must get exactly what they got
/// when each was checked alone.
@Suite struct CohortTests {
    private func source(_ settings: PlaySettings = PlaySettings(jitter: .off, mwLatencyMillis: 350, mwMsgs: 8)) throws -> LiveSource {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "c"), settings: settings)
        try source.publish(by: .make())
        return source
    }

    /// Takes everything a sink was woken for, like the players do at the end of a loop turn.
    private func drain(_ consumers: [Consumer]) -> [[Int64]] {
        consumers.map { consumer in
            var got: [Int64] = []
            consumer.take { got.append($0.timestamp) }
            return got
        }
    }

    @Test func playersThatDrainedTogetherWakeTogetherAtTheSamePacket() throws {
        let source = try source()
        let sinks = (0..<50).map { _ in CountingSink() }
        let consumers = sinks.map { source.attach(sink: $0) }
        source.feed(PacketFactory.video(0, keyframe: true))
        _ = drain(consumers)
        #expect(consumers.allSatisfy { $0.cohort != nil }, "drained at the same point: one group")
        #expect(consumers.allSatisfy { $0.cohort === consumers[0].cohort })
        for i in 1...9 { source.feed(PacketFactory.video(Int64(i) * 40)) }
        #expect(sinks.allSatisfy { $0.readyCount == 0 }, "9 messages spanning 320 ms: not yet (mw_latency 350)")
        source.feed(PacketFactory.video(400))
        #expect(sinks.allSatisfy { $0.readyCount == 1 })
        #expect(consumers.allSatisfy { $0.cohort == nil }, "due: each goes on alone until it took")
        let batches = drain(consumers)
        #expect(batches.allSatisfy { $0 == [40, 80, 120, 160, 200, 240, 280, 320, 360, 400] })
        #expect(consumers.allSatisfy { $0.cohort != nil && $0.isEmpty })
    }

    @Test func aPlayerThatTakesEarlyOrPausesLeavesItsGroupWithTheGroupsState() throws {
        let source = try source()
        let sinks = [CountingSink(), CountingSink()]
        let a = source.attach(sink: sinks[0]), b = source.attach(sink: sinks[1])
        source.feed(PacketFactory.video(0, keyframe: true))
        _ = drain([a, b])
        source.feed(PacketFactory.video(40))
        source.feed(PacketFactory.video(80))
        #expect(a.count == 2 && b.count == 2)
        #expect(a.firstQueuedAt > 0 && a.firstQueuedAt == b.firstQueuedAt)
        // The sweep's merged-write timeout takes without a wake-up.
        var got: [Int64] = []
        a.take { got.append($0.timestamp) }
        #expect(got == [40, 80])
        #expect(a.cohort != nil && a.cohort !== b.cohort, "a drained later: a group of its own")
        b.paused = true
        #expect(b.cohort == nil)
        for t in stride(from: Int64(120), through: 480, by: 40) { source.feed(PacketFactory.video(t)) }
        #expect(b.count == 12, "paused: queued alone")
        got = []
        b.take { got.append($0.timestamp) }
        #expect(got.first == 40 && got.last == 480 && got.count == 12)
    }

    @Test func detachingOrReloadingBreaksGroupsWithoutLosingPackets() throws {
        let source = try source()
        let sinks = (0..<3).map { _ in CountingSink() }
        let consumers = sinks.map { source.attach(sink: $0) }
        source.feed(PacketFactory.video(0, keyframe: true))
        _ = drain(consumers)
        source.detach(consumers[1])
        #expect(consumers[1].cohort == nil)
        source.feed(PacketFactory.video(40))
        source.update(settings: PlaySettings(jitter: .off, mwLatencyMillis: 100, mwMsgs: 1))
        #expect(consumers[0].cohort == nil && consumers[2].cohort == nil, "new settings: checked alone")
        source.feed(PacketFactory.video(80))
        source.feed(PacketFactory.video(160))
        #expect(sinks[0].readyCount == 1, "the new mw_latency applies")
        #expect(drain([consumers[0], consumers[2]]) == [[40, 80, 160], [40, 80, 160]])
    }

    @Test func aGroupThatFallsBehindIsShrunkLikeEachPlayerWouldBe() throws {
        let source = try source(PlaySettings(queueLengthMillis: 1000, jitter: .off, mwLatencyMillis: 100_000, mwMsgs: 10_000))
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        let consumers = (0..<2).map { _ in source.attach(sink: nil) }
        _ = drain(consumers)
        #expect(consumers.allSatisfy { $0.cohort != nil })
        source.feed(PacketFactory.video(0, keyframe: true))
        for t in stride(from: Int64(40), through: 1080, by: 40) { source.feed(PacketFactory.video(t)) }
        #expect(consumers.allSatisfy { $0.droppedMessages == 27 && $0.count == 1 && $0.cohort == nil })
    }
}
