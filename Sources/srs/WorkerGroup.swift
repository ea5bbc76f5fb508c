import APIService
import Cluster
import Core
import HLS
import HTTPRemux
import IO
import RTMPService
#if canImport(Glibc)
import Glibc
#endif

/// The workers of one process (`workers N`, beyond SRS): a `Server` per thread, each with its own
/// event loop and SO_REUSEPORT listeners. Worker 0 runs on the main thread and takes the signals,
/// the config watcher and the pid file; a reload or a quit reaches the others through their
/// mailboxes. Streams move between workers through the `WorkerMesh`.
final class WorkerGroup: @unchecked Sendable {
    let count: Int
    let mesh: WorkerMesh
    let mailboxes: [Mailbox<Server>]
    /// Shared by every worker: `max_connections` is the process's.
    let limiter: ConnectionLimiter
    /// The API's `server` and `service` ids, the same on every worker.
    let serverID: String
    let serviceID = ContextID.randomToken(length: 8)
    /// The process's `/proc` figures, sampled once for every worker's API.
    let processSamples = ProcessSamples()
    /// HLS player sessions: a player's requests land on any worker.
    let hlsSessions = HLSSessionBoard()
    /// Unpublished HLS muxers: a republish on any worker continues the playlist.
    let hlsParking = HLSParking()
    private let lock = Lock()
    private var running = 0

    init(count: Int, serverID: String, limiter: ConnectionLimiter) throws {
        self.count = count
        self.serverID = serverID
        self.limiter = limiter
        mesh = try WorkerMesh(count: count)
        mailboxes = try (0..<count).map { _ in try Mailbox<Server>() }
    }

    /// Queues `message` for worker `index`'s server.
    func post(to index: Int, _ message: @escaping Mailbox<Server>.Message) {
        mailboxes[index].post(message)
    }

    /// Queues `message` for every worker but `index`.
    func postToOthers(of index: Int, _ message: @escaping Mailbox<Server>.Message) {
        for worker in 0..<count where worker != index { mailboxes[worker].post(message) }
    }

    func workerDidStart() { lock.withLock { running += 1 } }

    func workerDidEnd() { lock.withLock { running -= 1 } }

    /// Workers whose loop still runs.
    var runningWorkers: Int { lock.withLock { running } }

    /// Waits (main thread, after its own loop ended) until the other workers' loops ended, at
    /// most `millis`: they finish their files (HLS, DVR) and close their clients.
    func waitForOthers(millis: Int64) {
        let deadline = Clock.monotonicMillis() + millis
        while runningWorkers > 0 && Clock.monotonicMillis() < deadline { usleep(5000) }
    }
}
