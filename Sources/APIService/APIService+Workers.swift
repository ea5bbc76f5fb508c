import API
import HTTP
import HTTPRemux
import Live

/// `workers N`: every worker's API answers for the whole process.
extension APIService {
    /// This worker's streams, clients and vhosts (another worker's API asks for them).
    public func localStats(_ parts: WorkerStats.Parts) -> WorkerStats {
        WorkerStats(streams: parts.contains(.streams) ? stats.streams() + stats.residues() : [],
                    clients: parts.contains(.clients) ? stats.clientList() : [],
                    vhosts: parts.contains(.vhosts) ? stats.vhosts() : [],
                    totals: parts.contains(.totals) ? totals() : WorkerStats.Totals())
    }

    private func totals() -> WorkerStats.Totals {
        let registry = stats.clients
        var totals = WorkerStats.Totals()
        totals.sendBytes = system.server.sendBytes
        totals.recvBytes = system.server.recvBytes
        totals.clients = Int64(registry.clients.count)
        totals.clientsAdded = Int64(clamping: registry.addedTotal)
        totals.clientErrors = Int64(clamping: registry.failedTotal)
        totals.droppedMessages = Int64(clamping: registry.droppedMessagesTotal)
        return totals
    }

    /// Kicks this worker's client `id`; false when it has none.
    public func kickLocal(_ id: String) -> Bool {
        guard let client = stats.clients.client(id: id) else { return false }
        client.kick()
        return true
    }

    /// Calls `body` with the process's streams, clients and vhosts: at once with one worker; with
    /// several after the others answered (the connection is held meanwhile and closed after the
    /// reply, as for `?cluster=on`).
    func withProcessStats(_ parts: WorkerStats.Parts, _ request: HTTPRequest, _ connection: HTTPConnection,
                          _ body: @escaping (WorkerStats, HTTPRequest) -> Void) {
        let local = localStats(parts)
        guard let peerStats else { return body(local, request) }
        let hold = HeldRequest()
        connection.beginStreaming(hold)
        peerStats(parts) { [weak connection] peers in
            guard connection != nil, !hold.closed else { return }
            var closing = request
            closing.keepAlive = false
            body(WorkerStats.merge([local] + peers), closing)
        }
    }
}
