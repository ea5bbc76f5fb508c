import Codec
import Live
import Testing

@Suite struct GopCacheTests {
    @Test func restartsAtEveryKeyframe() {
        var cache = GopCache(enabled: true, maxFrames: 0)
        cache.cache(PacketFactory.video(0, keyframe: true))
        cache.cache(PacketFactory.video(40))
        cache.cache(PacketFactory.audio(41))
        #expect(cache.count == 3)
        cache.cache(PacketFactory.video(80, keyframe: true))
        #expect(cache.count == 1)
        #expect(cache.packets.first?.isKeyframe == true)
    }

    @Test func neverCachesSequenceHeaders() {
        var cache = GopCache(enabled: true, maxFrames: 0)
        cache.cache(PacketFactory.video(0, sequenceHeader: true))
        cache.cache(PacketFactory.audio(0, sequenceHeader: true))
        #expect(cache.count == 0)
    }

    @Test func ignoresAudioBeforeTheFirstVideo() {
        var cache = GopCache(enabled: true, maxFrames: 0)
        cache.cache(PacketFactory.audio(0))
        #expect(cache.count == 0)
        cache.cache(PacketFactory.video(1, keyframe: true))
        cache.cache(PacketFactory.audio(2))
        #expect(cache.count == 2)
    }

    @Test func clearsWhenMaxFramesIsExceeded() {
        var cache = GopCache(enabled: true, maxFrames: 3)
        cache.cache(PacketFactory.video(0, keyframe: true))
        cache.cache(PacketFactory.video(1))
        cache.cache(PacketFactory.video(2))
        #expect(cache.cache(PacketFactory.video(3)) != nil)
        #expect(cache.count == 0)
    }

    @Test func clearsForPureAudioAfter115AudioMessages() {
        var cache = GopCache(enabled: true, maxFrames: 0)
        cache.cache(PacketFactory.video(0, keyframe: true))
        for i in 0..<115 { cache.cache(PacketFactory.audio(Int64(i))) }
        #expect(cache.count == 116)
        #expect(cache.cache(PacketFactory.audio(200)) != nil)
        #expect(cache.count == 0)
    }

    @Test func cachesNothingWhenDisabled() {
        var cache = GopCache(enabled: false, maxFrames: 0)
        cache.cache(PacketFactory.video(0, keyframe: true))
        #expect(cache.count == 0)
    }
}
