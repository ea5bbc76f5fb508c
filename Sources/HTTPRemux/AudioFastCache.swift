import Codec
import Live

/// `http_remux { fast_cache N; }` of the audio-only mounts (SRS 5's SrsBufferCache): the last N
/// seconds of a published stream's audio frames, replayed to each new `.mp3` / `.aac` player
/// after the sequence headers so it starts with a buffer instead of at the live edge.
///
/// A sliding window (SRS empties its cache whenever it grows past N, so what a player gets there
/// varies between nothing and N seconds). Video is not kept: the audio muxers drop it anyway.
/// Payloads are shared; the cache holds references, never copies.
final class AudioFastCache: SourceObserver {
    let windowMillis: Int64
    private var frames: [MediaPacket] = []
    /// Index of the oldest kept frame (frames before it are dropped in bulk, not one by one).
    private var head = 0

    init(windowMillis: Int64) {
        self.windowMillis = windowMillis
    }

    /// Kept frames, oldest first.
    var packets: ArraySlice<MediaPacket> { frames[head...] }
    var count: Int { frames.count - head }
    /// Timestamp span of the kept frames.
    var spanMillis: Int64 {
        guard let first = packets.first, let last = frames.last else { return 0 }
        return last.timestamp - first.timestamp
    }

    /// The newest `limit` ms of kept frames (a player's queue must hold the replay and then some).
    func replay(limitMillis: Int64) -> [MediaPacket] {
        guard let last = frames.last else { return [] }
        let oldest = last.timestamp - min(limitMillis, windowMillis)
        return Array(packets.drop { $0.timestamp < oldest })
    }

    func clear() {
        frames.removeAll(keepingCapacity: true)
        head = 0
    }

    // MARK: SourceObserver

    func sourceDidPublish(_ source: LiveSource) { clear() }

    func source(_ source: LiveSource, didReceive packet: MediaPacket) {
        guard packet.kind == .audio, !packet.isSequenceHeader, packet.payload.count > 0 else { return }
        // A timeline that jumps back (the publisher restarted its clock) starts a new window.
        if let last = frames.last, packet.timestamp < last.timestamp { clear() }
        frames.append(packet)
        let oldest = packet.timestamp - windowMillis
        while head < frames.count && frames[head].timestamp < oldest { head += 1 }
        if head > 256 && head * 2 > frames.count {
            frames.removeFirst(head)
            head = 0
        }
    }

    func sourceDidUnpublish(_ source: LiveSource) { clear() }
}
