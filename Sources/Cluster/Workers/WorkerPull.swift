import Codec
import Core
import Live

/// The player's side of an in-process pull (`workers N`): it holds the local source as its
/// publisher and feeds it what the owner worker's `WorkerFeed` sends, so this worker's players
/// are served by this worker's loop. One per stream per worker, whatever the number of players.
final class WorkerPull {
    let id: UInt64
    let cid = ContextID.make()
    let source: LiveSource
    /// The worker whose publisher holds the stream.
    let owner: Int
    private(set) var packets: UInt64 = 0

    init(id: UInt64, source: LiveSource, owner: Int) {
        self.id = id
        self.source = source
        self.owner = owner
    }

    func deliver(_ batch: [MediaPacket]) {
        let first = packets == 0
        packets &+= UInt64(batch.count)
        if first {
            source.feedReplay(batch)  // the owner's dump comes first, in one batch (WorkerFeed)
        } else {
            for packet in batch { source.feed(packet) }
        }
    }
}
