import Core

/// `workers N`: the HLS sessions (`hls_ctx`) of the whole process. A player's playlist and
/// segment requests are separate connections, so they land on any worker; the session lives on
/// the worker that opened it (its API client, on_play and on_stop), and the requests that land on
/// the other workers only keep it alive and count their bytes here.
///
/// One mutex, taken once per HLS request of a session.
public final class HLSSessionBoard: @unchecked Sendable {
    private struct Entry {
        let owner: Int
        /// Requests served by the other workers.
        var remoteLastSeen: Int64 = 0
        var remoteBytes: UInt64 = 0
    }

    private let lock = Lock()
    private var entries: [String: Entry] = [:]
    private var refused: Set<String> = []

    public init() {}

    /// The worker whose session `ctx` is: `worker` when nobody had it (it opens it now).
    func claim(_ ctx: String, by worker: Int) -> Int {
        lock.withLock {
            if let entry = entries[ctx] { return entry.owner }
            entries[ctx] = Entry(owner: worker)
            return worker
        }
    }

    /// A request of another worker's session was served here.
    func touch(_ ctx: String, bytes: Int, nowMillis: Int64) {
        lock.withLock {
            guard var entry = entries[ctx] else { return }
            entry.remoteLastSeen = max(entry.remoteLastSeen, nowMillis)
            entry.remoteBytes &+= UInt64(bytes)
            entries[ctx] = entry
        }
    }

    /// What the other workers served of `ctx`.
    func remote(_ ctx: String) -> (lastSeen: Int64, bytes: UInt64) {
        lock.withLock { entries[ctx].map { ($0.remoteLastSeen, $0.remoteBytes) } ?? (0, 0) }
    }

    /// The session ended (expired, kicked or refused): a later request opens a new one.
    func remove(_ ctx: String, refused wasRefused: Bool) {
        lock.withLock {
            entries[ctx] = nil
            if wasRefused { refused.insert(ctx) }
        }
    }

    /// on_play refused the session (its requests get 403 on every worker).
    func isRefused(_ ctx: String) -> Bool { lock.withLock { refused.contains(ctx) } }

    /// Sessions open in the process (tests).
    var count: Int { lock.withLock { entries.count } }
}
