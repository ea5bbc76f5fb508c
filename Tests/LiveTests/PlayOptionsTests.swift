import Codec
import Core
import Testing
@testable import Live

/// `mix_correct`, `reduce_sequence_header`, `atc` / `atc_auto` and the idle clock of
/// `kickoff_for_idle` on a source (srs-facts §6).
@Suite("Play options")
struct PlayOptionsTests {
    static let key = StreamKey(vhost: "__defaultVhost__", app: "live", stream: "s")

    static func queued(_ consumer: Consumer) -> [MediaPacket] {
        var out: [MediaPacket] = []
        consumer.take { out.append($0) }
        return out
    }

    @Test func mixQueueReleasesInTimestampOrderOnceBothKindsAreQueued() {
        var mix = MixQueue()
        mix.push(PacketFactory.video(40))
        #expect(mix.pop() == nil, "one kind only: held")
        mix.push(PacketFactory.audio(20))
        #expect(mix.pop()?.timestamp == 20)
        mix.push(PacketFactory.audio(60))
        #expect(mix.pop()?.timestamp == 40)
        #expect(mix.pop() == nil, "only audio left, fewer than the pure-stream threshold")
        for t in 1...9 { mix.push(PacketFactory.audio(Int64(60 + t))) }
        #expect(mix.pop()?.timestamp == 60, "ten audio and no video: a pure audio stream flows")
        var stable = MixQueue()
        stable.push(PacketFactory.video(10, size: 7))
        stable.push(PacketFactory.video(10, size: 8))
        stable.push(PacketFactory.audio(10))
        #expect(stable.pop()?.payload.count == 7, "equal timestamps keep arrival order")
    }

    @Test func mixCorrectReordersWhatPlayersGet() throws {
        let source = LiveSource(key: Self.key, settings: PlaySettings(jitter: .off, mwMsgs: 0, mixCorrect: true))
        try source.publish(by: ContextID("pub"))
        let consumer = source.attach(sink: nil)
        for packet in [PacketFactory.video(0, keyframe: true), PacketFactory.video(40), PacketFactory.audio(20),
                       PacketFactory.audio(45), PacketFactory.video(80), PacketFactory.audio(70)] {
            source.feed(packet)
        }
        let times = Self.queued(consumer).map(\.timestamp)
        #expect(times == times.sorted() && times.count == 4, "\(times)")
    }

    @Test func reduceSequenceHeaderDropsOnlyRepeatsForPlayers() throws {
        let observer = RecordingObserver()
        let source = LiveSource(key: Self.key, settings: PlaySettings(jitter: .off, mwMsgs: 0, reduceSequenceHeader: true))
        source.addObserver(observer)
        try source.publish(by: ContextID("pub"))
        let consumer = source.attach(sink: nil)
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.feed(PacketFactory.video(0, sequenceHeader: true, size: 20))
        source.feed(PacketFactory.metadata())
        source.feed(PacketFactory.metadata())
        #expect(Self.queued(consumer).map(\.payload.count) == [16, 20, 3])
        #expect(observer.count == 5, "HLS, DVR and forward still see every header")

        let plain = LiveSource(key: Self.key, settings: PlaySettings(jitter: .off, mwMsgs: 0))
        try plain.publish(by: ContextID("pub"))
        let all = plain.attach(sink: nil)
        for _ in 0..<3 { plain.feed(PacketFactory.video(0, sequenceHeader: true)) }
        #expect(Self.queued(all).count == 3)
    }

    @Test func atcPassesTimestampsThroughAndAtcAutoFollowsTheMetadata() throws {
        let atc = LiveSource(key: Self.key, settings: PlaySettings(jitter: .full, mwMsgs: 0, atc: true))
        try atc.publish(by: ContextID("pub"))
        let absolute = atc.attach(sink: nil)
        atc.feed(PacketFactory.video(90_000, keyframe: true))
        #expect(Self.queued(absolute).map(\.timestamp) == [90_000])

        let auto = LiveSource(key: Self.key, settings: PlaySettings(jitter: .full, mwMsgs: 0, atcAuto: true))
        try auto.publish(by: ContextID("pub"))
        let player = auto.attach(sink: nil)
        auto.feed(PacketFactory.video(90_000, keyframe: true))
        #expect(Self.queued(player).map(\.timestamp) != [90_000], "no bravo_atc yet: jitter corrected")
        let meta = AMF0Encoder.encode([.string("onMetaData"), .ecmaArray(["bravo_atc": .string("true")])])
        auto.feed(MediaPacket(kind: .script, timestamp: 0, payload: SharedBytes(meta)))
        #expect(auto.atcRequested)
        _ = Self.queued(player)
        auto.feed(PacketFactory.video(90_040))
        #expect(Self.queued(player).map(\.timestamp) == [90_040])
        auto.unpublish()
        try auto.publish(by: ContextID("next"))
        #expect(!auto.atcRequested, "a new publisher has to ask again")
    }

    @Test func idleClockRunsWhilePublishingWithoutPlayers() throws {
        let source = LiveSource(key: Self.key, settings: PlaySettings())
        #expect(!source.publisherIsIdle(forMillis: 1, nowMillis: Clock.monotonicMillis() + 10_000), "not publishing")
        try source.publish(by: ContextID("pub"))
        let later = Clock.monotonicMillis() + 10_000
        #expect(source.publisherIsIdle(forMillis: 5_000, nowMillis: later))
        #expect(!source.publisherIsIdle(forMillis: 0, nowMillis: later), "0 = never")
        let player = source.attach(sink: nil)
        #expect(!source.publisherIsIdle(forMillis: 5_000, nowMillis: later))
        source.detach(player)
        #expect(!source.publisherIsIdle(forMillis: 5_000, nowMillis: Clock.monotonicMillis() + 1_000))
        #expect(source.publisherIsIdle(forMillis: 5_000, nowMillis: Clock.monotonicMillis() + 6_000))
    }
}

final class RecordingObserver: SourceObserver {
    var count = 0
    func sourceDidPublish(_ source: LiveSource) {}
    func sourceDidUnpublish(_ source: LiveSource) {}
    func source(_ source: LiveSource, didReceive packet: MediaPacket) { count += 1 }
}
