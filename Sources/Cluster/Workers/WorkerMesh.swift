import Core
import IO
import Live

/// What the workers of one process share (`workers N`): which worker's publisher holds each
/// stream, the API ids of streams and vhosts (so every worker names them alike), and one mailbox
/// per worker's `WorkerStreams`. Everything else stays on each worker's loop.
///
/// The tables are guarded by one mutex, taken only when a publisher starts or stops, a player
/// of a stream without a local publisher arrives, or the API names something new.
public final class WorkerMesh: @unchecked Sendable {
    public let count: Int
    let mailboxes: [Mailbox<WorkerStreams>]
    private let lock = Lock()
    private var owners: [StreamKey: Int] = [:]
    private var ids: [String: String] = [:]

    public init(count: Int) throws {
        precondition(count >= 1, "a mesh needs a worker")
        self.count = count
        mailboxes = try (0..<count).map { _ in try Mailbox<WorkerStreams>() }
    }

    private func locked<T>(_ body: () -> T) -> T { lock.withLock(body) }

    /// Takes `key` for a publisher on `worker`: true when it was free or already that worker's.
    func claim(_ key: StreamKey, by worker: Int) -> Bool {
        locked {
            if let owner = owners[key] { return owner == worker }
            owners[key] = worker
            return true
        }
    }

    /// Frees `key` if `worker` holds it.
    func release(_ key: StreamKey, by worker: Int) {
        locked {
            if owners[key] == worker { owners[key] = nil }
        }
    }

    /// The worker whose publisher holds `key`.
    public func owner(of key: StreamKey) -> Int? { locked { owners[key] } }

    /// Streams held by some worker's publisher (the origin-cluster answer of the process).
    public var ownedStreams: [StreamKey: Int] { locked { owners } }

    /// The API id (`vid-…`) of `name` (a stream url or a vhost), the same on every worker.
    public func sharedID(_ name: String) -> String {
        locked {
            if let id = ids[name] { return id }
            let id = "vid-" + ContextID.randomToken(length: 7)
            ids[name] = id
            return id
        }
    }

    /// Queues `message` for `worker`'s loop (dropped if that worker has stopped).
    func post(to worker: Int, _ message: @escaping Mailbox<WorkerStreams>.Message) {
        mailboxes[worker].post(message)
    }

    /// Messages waiting for `worker`.
    func depth(of worker: Int) -> Int { mailboxes[worker].depth }
}
