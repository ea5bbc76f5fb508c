import Codec
import Live
import Testing

@Suite struct ConsumerQueueTests {
    private func publishingSource(_ settings: PlaySettings) throws -> LiveSource {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "s"), settings: settings)
        try source.publish(by: .make())
        return source
    }

    @Test func newPlayerGetsMetadataSequenceHeadersAndGopAtOnce() throws {
        let source = try publishingSource(PlaySettings(jitter: .off))
        source.feed(PacketFactory.metadata())
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.feed(PacketFactory.audio(0, sequenceHeader: true))
        source.feed(PacketFactory.video(0, keyframe: true))
        source.feed(PacketFactory.audio(20))
        source.feed(PacketFactory.video(40))
        let sink = CountingSink()
        let consumer = source.attach(sink: sink)
        #expect(sink.readyCount == 1)
        var kinds: [String] = []
        consumer.take { packet in
            kinds.append(packet.isMetadata ? "meta" : "\(packet.kind)\(packet.isSequenceHeader ? "-sh" : "")\(packet.isKeyframe && !packet.isSequenceHeader ? "-key" : "")")
        }
        #expect(kinds == ["meta", "audio-sh", "video-sh", "video-key", "audio", "video"])
    }

    @Test func anAudioPlayerGetsItsOwnReplayInsteadOfTheGop() throws {
        let source = try publishingSource(PlaySettings(jitter: .off))
        source.feed(PacketFactory.metadata())
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.feed(PacketFactory.audio(0, sequenceHeader: true))
        source.feed(PacketFactory.video(0, keyframe: true))
        source.feed(PacketFactory.audio(20))
        let sink = CountingSink()
        let consumer = source.attach(sink: sink, replacingGOP: [PacketFactory.audio(5), PacketFactory.audio(10)])
        #expect(sink.readyCount == 1)
        var got: [String] = []
        consumer.take { got.append($0.isMetadata ? "meta" : "\($0.kind)\($0.isSequenceHeader ? "-sh" : "")@\($0.timestamp)") }
        #expect(got == ["meta", "audio-sh@0", "video-sh@0", "audio@5", "audio@10"])
        let empty = source.attach(sink: nil, replacingGOP: [])
        #expect(empty.count == 3, "metadata and sequence headers only: an audio player without fast_cache starts live")
    }

    @Test func slowPlayerIsShrunkToSequenceHeadersAndResumesAtAKeyframe() throws {
        let settings = PlaySettings(queueLengthMillis: 1000, jitter: .off, mwLatencyMillis: 100_000, mwMsgs: 10_000)
        let source = try publishingSource(settings)
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.feed(PacketFactory.audio(0, sequenceHeader: true))
        let consumer = source.attach(sink: nil)
        consumer.take { _ in }
        source.feed(PacketFactory.video(0, keyframe: true))
        for t in stride(from: Int64(40), through: 1000, by: 40) { source.feed(PacketFactory.video(t)) }
        source.feed(PacketFactory.video(1040))
        #expect(consumer.droppedMessages == 0)
        // 1080 - 40 exceeds queue_length (timestamp 0 does not count, as in SRS).
        source.feed(PacketFactory.video(1080))
        // Everything but the two sequence headers was dropped and counted.
        #expect(consumer.count == 2)
        #expect(consumer.droppedMessages == 26)
        #expect(consumer.queued.allSatisfy { $0.isSequenceHeader && $0.timestamp == 1080 })
        // Inter frames and audio are skipped (and counted) until the next keyframe.
        source.feed(PacketFactory.video(1120))
        source.feed(PacketFactory.audio(1130))
        source.feed(PacketFactory.video(1160, keyframe: true))
        source.feed(PacketFactory.video(1200))
        var taken: [String] = []
        consumer.take { taken.append("\($0.kind)\($0.isSequenceHeader ? "-sh" : "")@\($0.timestamp)") }
        #expect(taken == ["video-sh@1080", "audio-sh@1080", "video@1160", "video@1200"])
        #expect(consumer.droppedMessages == 28)
        #expect(consumer.isEmpty)
    }

    @Test func mergedWriteWaitsForLatencyAndCount() throws {
        let settings = PlaySettings(jitter: .off, mwLatencyMillis: 350, mwMsgs: 8)
        let source = try publishingSource(settings)
        let sink = CountingSink()
        let consumer = source.attach(sink: sink)
        for i in 0..<8 { source.feed(PacketFactory.video(Int64(i) * 100, keyframe: i == 0)) }
        #expect(sink.readyCount == 0)
        source.feed(PacketFactory.video(800))
        #expect(sink.readyCount == 1)
        // No second wake-up until the sink takes the queue.
        source.feed(PacketFactory.video(900))
        #expect(sink.readyCount == 1)
        consumer.take { _ in }
        #expect(consumer.isEmpty)
    }

    @Test func minLatencyWakesOnEveryPacket() throws {
        let source = try publishingSource(PlaySettings(jitter: .off, mwMsgs: 0, minLatency: true))
        let sink = CountingSink()
        let consumer = source.attach(sink: sink)
        source.feed(PacketFactory.video(0, keyframe: true))
        #expect(sink.readyCount == 1)
        consumer.take { _ in }
        source.feed(PacketFactory.video(40))
        #expect(sink.readyCount == 2)
    }

    @Test func secondPublisherIsRefusedAndFirstKeepsTheStream() throws {
        let source = try publishingSource(PlaySettings())
        let first = source.publisherID
        #expect(throws: LiveError.self) { try source.publish(by: .make()) }
        #expect(source.publisherID == first)
    }

    @Test func playersStayAttachedAcrossRepublish() throws {
        let source = try publishingSource(PlaySettings(jitter: .off, minLatency: true))
        let consumer = source.attach(sink: nil)
        source.feed(PacketFactory.video(0, sequenceHeader: true))
        source.unpublish()
        #expect(source.consumers.count == 1)
        try source.publish(by: .make())
        source.feed(PacketFactory.video(0, sequenceHeader: true, size: 32))
        var sizes: [Int] = []
        consumer.take { sizes.append($0.payload.count) }
        #expect(sizes == [16, 32])
    }

    @Test func sharedPayloadIsNotCopiedPerConsumer() throws {
        let source = try publishingSource(PlaySettings(minLatency: true))
        let a = source.attach(sink: nil), b = source.attach(sink: nil)
        let packet = PacketFactory.video(0, keyframe: true)
        source.feed(packet)
        var pa: SharedBytesIdentity?, pb: SharedBytesIdentity?
        a.take { pa = SharedBytesIdentity($0) }
        b.take { pb = SharedBytesIdentity($0) }
        #expect(pa == pb && pa == SharedBytesIdentity(packet))
    }
}

/// Identity of a packet's payload buffer.
struct SharedBytesIdentity: Equatable {
    let id: ObjectIdentifier
    init(_ packet: MediaPacket) { id = ObjectIdentifier(packet.payload) }
}

@Suite struct ConsumerRearmTests {
    @Test func rearmedConsumerWakesItsSinkAgainWithoutTakingTheQueue() throws {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "a"),
                                settings: PlaySettings(jitter: .off, minLatency: true))
        try source.publish(by: .make())
        source.feed(PacketFactory.audio(0, sequenceHeader: true))
        let sink = CountingSink()
        let consumer = source.attach(sink: sink)
        #expect(sink.readyCount == 1)
        source.feed(PacketFactory.audio(20))
        #expect(sink.readyCount == 1, "no second wake-up while the first is pending")
        consumer.rearm()
        source.feed(PacketFactory.audio(40))
        #expect(sink.readyCount == 2)
        #expect(consumer.count == 3)
    }
}
