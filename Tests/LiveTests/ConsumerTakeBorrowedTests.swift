import Codec
import Core
import Live
import Testing

/// `takeBorrowed` hands out what `take` does (same packets, same corrected timestamps, same
/// drops), and every packet it handed out outlives the call until the consumer's next take.
@Suite struct ConsumerTakeBorrowedTests {
    private func source(_ settings: PlaySettings) throws -> LiveSource {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "b"), settings: settings)
        try source.publish(by: .make())
        return source
    }

    private struct Seen: Equatable {
        let kind: MediaPacket.Kind
        let timestamp: Int64
        let payload: ObjectIdentifier
        init(_ packet: MediaPacket) {
            kind = packet.kind
            timestamp = packet.timestamp
            payload = ObjectIdentifier(packet.payload)
        }
    }

    /// Jitter correction (`full`, with a timestamp jump), the GOP dump from the consumer's own
    /// queue, a shrink and the resume at the next keyframe: both ways see the same.
    @Test func seesWhatTakeSees() throws {
        let settings = PlaySettings(queueLengthMillis: 1000, jitter: .full, mwLatencyMillis: 100_000, mwMsgs: 10_000)
        let live = try source(settings)
        live.feed(PacketFactory.metadata())
        live.feed(PacketFactory.video(1000, sequenceHeader: true))
        live.feed(PacketFactory.video(1000, keyframe: true))
        live.feed(PacketFactory.audio(1020))
        let plain = live.attach(sink: nil), borrowed = live.attach(sink: nil)
        var a: [Seen] = [], b: [Seen] = []
        func drain() {
            plain.take { a.append(Seen($0)) }
            borrowed.takeBorrowed { b.append(Seen($0)) }
        }
        drain()
        for t in stride(from: Int64(1040), through: 1400, by: 40) { live.feed(PacketFactory.video(t)) }
        live.feed(PacketFactory.video(90_000))  // a jump: corrected to one frame later
        live.feed(PacketFactory.audio(90_010))
        drain()
        // Fall behind: shrunk, then video waits for a keyframe.
        for t in stride(from: Int64(90_040), through: 92_000, by: 40) { live.feed(PacketFactory.video(t)) }
        #expect(plain.droppedMessages > 0 && plain.droppedMessages == borrowed.droppedMessages)
        live.feed(PacketFactory.video(92_040))
        live.feed(PacketFactory.video(92_080, keyframe: true))
        live.feed(PacketFactory.video(92_120))
        drain()
        #expect(a.count > 15)
        #expect(a == b)
        #expect(plain.droppedMessages == borrowed.droppedMessages)
    }

    /// A packet only the consumer's own queue held (an audio replay) must survive the take, so a
    /// connection can write its payload borrowed; the next take lets it go.
    @Test func ownPacketsLiveUntilTheNextTake() throws {
        let live = try source(PlaySettings(jitter: .off))
        live.feed(PacketFactory.audio(0, sequenceHeader: true))
        weak var replayed: SharedBytes?
        let consumer: Consumer
        do {
            let only = PacketFactory.audio(5)
            replayed = only.payload
            consumer = live.attach(sink: nil, replacingGOP: [only])
        }
        var got = 0
        consumer.takeBorrowed { _ in got += 1 }
        #expect(got == 2)
        #expect(replayed != nil, "kept after the take that handed it out")
        consumer.takeBorrowed { _ in }
        #expect(replayed == nil, "released by the next take")
    }

    /// The ring's copy is what keeps a borrowed packet alive: nothing is retained per packet by
    /// the take, so the payload goes when the ring trims it (the source moved on and the only
    /// consumer has taken everything).
    @Test func ringPacketsAreHeldByTheRingOnly() throws {
        let live = try source(PlaySettings(jitter: .off, minLatency: true))
        let consumer = live.attach(sink: nil)
        weak var fed: SharedBytes?
        do {
            let packet = PacketFactory.video(0, keyframe: true)
            fed = packet.payload
            live.feed(packet)
        }
        var kept: MediaPacket?
        consumer.takeBorrowed { kept = $0 }
        #expect(kept != nil)
        kept = nil
        #expect(fed != nil, "still in the GOP cache and the ring")
        live.unpublish()
        live.detach(consumer)
        #expect(fed == nil, "no reference left over from the borrowed take")
    }
}
