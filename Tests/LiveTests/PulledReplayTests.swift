import Codec
import Live
import Testing

/// A pulled copy's first batch (the owner's dump) reaches the players attached while the pull
/// started: whole for those that want the GOP, only metadata and sequence headers for an audio
/// player without fast cache (it starts at the live edge, as on the owner's worker).
@Suite struct PulledReplayTests {
    @Test func aLiveEdgePlayerKeepsOnlyTheHeadersOfTheReplay() throws {
        let live = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "p"),
                              settings: PlaySettings(jitter: .off))
        let gop = live.attach(sink: nil), edge = live.attach(sink: nil, startsAtLiveEdge: true)
        try live.publish(by: .make())
        live.feedReplay([PacketFactory.metadata(), PacketFactory.video(0, sequenceHeader: true),
                         PacketFactory.audio(0, sequenceHeader: true), PacketFactory.video(0, keyframe: true),
                         PacketFactory.audio(20), PacketFactory.video(40), PacketFactory.audio(40)])
        live.feed(PacketFactory.audio(60))
        func names(_ consumer: Consumer) -> [String] {
            var out: [String] = []
            consumer.take { out.append("\($0.kind)\($0.isSequenceHeader ? "-sh" : "")@\($0.timestamp)") }
            return out
        }
        #expect(names(gop) == ["script@0", "video-sh@0", "audio-sh@0", "video@0", "audio@20", "video@40", "audio@40", "audio@60"])
        #expect(names(edge) == ["script@0", "video-sh@0", "audio-sh@0", "audio@60"])
        #expect(edge.droppedMessages == 0, "skipping the replay is not a drop")
        live.feed(PacketFactory.audio(80))
        #expect(names(edge) == ["audio@80"])
    }
}
