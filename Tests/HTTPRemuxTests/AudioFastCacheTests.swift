import Codec
import Core
@testable import HTTPRemux
import Live
import Testing

@Suite struct AudioFastCacheTests {
    private let source = LiveSource(key: StreamKey(vhost: "v", app: "live", stream: "s"), settings: PlaySettings())

    private func feed(_ cache: AudioFastCache, _ packets: [MediaPacket]) {
        for packet in packets { cache.source(source, didReceive: packet) }
    }

    @Test func keepsASlidingWindowOfAudioFramesOnly() {
        let cache = AudioFastCache(windowMillis: 1000)
        feed(cache, [AudioPackets.metadata(), AudioPackets.aacSequenceHeader(), AudioPackets.videoSequenceHeader()])
        for t in stride(from: Int64(0), through: 5000, by: 20) {
            feed(cache, [AudioPackets.aacFrame([1], at: t), AudioPackets.videoKeyframe(at: t)])
        }
        #expect(cache.packets.allSatisfy { $0.kind == .audio && !$0.isSequenceHeader })
        #expect(cache.packets.first?.timestamp == 4000)
        #expect(cache.packets.last?.timestamp == 5000)
        #expect(cache.count == 51)
        #expect(cache.spanMillis == 1000)
    }

    @Test func theReplayIsLimitedToTheNewestFrames() {
        let cache = AudioFastCache(windowMillis: 10_000)
        for t in stride(from: Int64(0), through: 3000, by: 100) { feed(cache, [AudioPackets.mp3Frame([1], at: t)]) }
        #expect(cache.replay(limitMillis: 500).map(\.timestamp) == [2500, 2600, 2700, 2800, 2900, 3000])
        #expect(cache.replay(limitMillis: 60_000).count == 31)
    }

    @Test func aTimelineThatJumpsBackStartsOver() {
        let cache = AudioFastCache(windowMillis: 5000)
        feed(cache, [AudioPackets.aacFrame([1], at: 9000), AudioPackets.aacFrame([1], at: 9020), AudioPackets.aacFrame([2], at: 0)])
        #expect(cache.packets.map(\.timestamp) == [0])
    }

    @Test func publishAndUnpublishEmptyIt() {
        let cache = AudioFastCache(windowMillis: 5000)
        feed(cache, [AudioPackets.aacFrame([1], at: 0)])
        cache.sourceDidUnpublish(source)
        #expect(cache.count == 0)
        feed(cache, [AudioPackets.aacFrame([1], at: 0)])
        cache.sourceDidPublish(source)
        #expect(cache.replay(limitMillis: 5000).isEmpty)
    }

    @Test func aLongStreamDoesNotGrowTheStorage() {
        let cache = AudioFastCache(windowMillis: 200)
        for t in stride(from: Int64(0), through: 600_000, by: 23) { feed(cache, [AudioPackets.aacFrame([1], at: t)]) }
        #expect(cache.count == 9)
        #expect(cache.packets.startIndex < 600, "dropped frames are compacted away")
    }
}
