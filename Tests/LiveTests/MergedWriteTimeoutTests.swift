import Codec
import Core
@testable import Live
import Testing

/// SRS's merged-write timeout: a player holding fewer than `mw_msgs` messages is woken once they
/// have waited `mw_latency` — checked once per group of players that drained together.
@Suite struct MergedWriteTimeoutTests {
    private func source() throws -> LiveSource {
        let settings = PlaySettings(jitter: .off, mwLatencyMillis: 350, mwMsgs: 8)
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "t"), settings: settings)
        try source.publish(by: .make())
        return source
    }

    @Test func aGroupOfPlayersIsWokenWhenItsWaitTimesOut() throws {
        let live = try source()
        let sinks = (0..<20).map { _ in CountingSink() }
        let consumers = sinks.map { live.attach(sink: $0) }
        live.feed(PacketFactory.video(0, keyframe: true))
        for consumer in consumers { consumer.take { _ in } }
        #expect(consumers.allSatisfy { $0.cohort != nil })
        let start = Clock.monotonicMillis()
        live.feed(PacketFactory.video(40))
        live.feed(PacketFactory.video(80))
        #expect(sinks.allSatisfy { $0.readyCount == 0 }, "2 messages: the count rule does not fire")
        live.wakeLateConsumers(now: start + 100)
        #expect(sinks.allSatisfy { $0.readyCount == 0 }, "100 ms: not yet")
        live.wakeLateConsumers(now: start + 400)
        #expect(sinks.allSatisfy { $0.readyCount == 1 }, "past mw_latency: every member woken once")
        live.wakeLateConsumers(now: start + 500)
        #expect(sinks.allSatisfy { $0.readyCount == 1 }, "no second wake-up before they take")
        var got: [Int64] = []
        consumers[0].take { got.append($0.timestamp) }
        #expect(got == [40, 80])
    }

    @Test func aPlayerAloneIsWokenToo() throws {
        let live = try source()
        let sink = CountingSink()
        let consumer = live.attach(sink: sink)
        #expect(sink.readyCount == 0, "nothing published yet")
        let start = Clock.monotonicMillis()
        live.feed(PacketFactory.video(0, keyframe: true))
        #expect(consumer.cohort == nil)
        live.wakeLateConsumers(now: start + 400)
        #expect(sink.readyCount == 1)
    }

    @Test func emptyOrPausedPlayersAreNotWoken() throws {
        let live = try source()
        let idle = CountingSink(), paused = CountingSink()
        let a = live.attach(sink: idle), b = live.attach(sink: paused)
        live.feed(PacketFactory.video(0, keyframe: true))
        a.take { _ in }
        b.paused = true
        let later = Clock.monotonicMillis() + 10_000
        live.wakeLateConsumers(now: later)
        #expect(idle.readyCount == 0, "took everything: nothing to wait for")
        #expect(paused.readyCount == 0, "paused")
    }
}
