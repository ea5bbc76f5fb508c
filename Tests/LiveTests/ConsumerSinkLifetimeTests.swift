import Codec
import Live
import Testing

/// `Consumer.sink` is strong (no side table on the player objects): the pair keeps each other
/// until `LiveSource.detach` breaks it, and then both go away.
@Suite struct ConsumerSinkLifetimeTests {
    private func source() throws -> LiveSource {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "l"), settings: PlaySettings(jitter: .off))
        try source.publish(by: .make())
        return source
    }

    @Test func detachReleasesTheSink() throws {
        let source = try source()
        source.feed(PacketFactory.video(0, keyframe: true))   // a GOP: attaching wakes the sink
        weak var gone: CountingSink?
        var consumer: Consumer? = nil
        do {
            let sink = CountingSink()
            gone = sink
            consumer = source.attach(sink: sink)
        }
        // Attached: the consumer holds its sink although nothing else does.
        #expect(gone != nil)
        #expect(consumer?.sink === gone)
        #expect((gone?.readyCount ?? 0) == 1)
        source.detach(consumer!)
        #expect(consumer?.sink == nil)
        #expect(gone == nil)
        consumer = nil
    }

    @Test func detachingTwiceOrFromAnotherSourceChangesNothingElse() throws {
        let a = try source(), b = try source()
        let consumer = a.attach(sink: CountingSink())
        b.detach(consumer)
        #expect(consumer.sink != nil && a.consumers.count == 1)
        a.detach(consumer)
        #expect(consumer.sink == nil)
        a.detach(consumer)
        #expect(a.consumers.isEmpty)
    }
}
