/// One worker's streams, clients and vhosts (`workers N`): the API of any worker answers with
/// every worker's, merged so the process looks like one server (`WorkerStats.merge`).
public struct WorkerStats: Sendable, Equatable {
    /// Which lists a request needs (the others are left empty).
    public struct Parts: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let streams = Parts(rawValue: 1)
        public static let clients = Parts(rawValue: 2)
        /// Vhosts need the streams too (their stream count and bytes received come from them).
        public static let vhosts: Parts = [Parts(rawValue: 4), .streams]
        public static let totals = Parts(rawValue: 8)
    }

    /// Counters of the worker as a whole (`/metrics`).
    public struct Totals: Sendable, Equatable {
        public var sendBytes: Int64 = 0
        public var recvBytes: Int64 = 0
        public var clients: Int64 = 0
        public var clientsAdded: Int64 = 0
        public var clientErrors: Int64 = 0
        public var droppedMessages: Int64 = 0

        public init() {}

        static func + (a: Totals, b: Totals) -> Totals {
            var sum = a
            sum.sendBytes += b.sendBytes
            sum.recvBytes += b.recvBytes
            sum.clients += b.clients
            sum.clientsAdded += b.clientsAdded
            sum.clientErrors += b.clientErrors
            sum.droppedMessages += b.droppedMessages
            return sum
        }
    }

    public var streams: [StreamSnapshot]
    public var clients: [ClientSnapshot]
    public var vhosts: [VhostSnapshot]
    public var totals: Totals

    public init(streams: [StreamSnapshot] = [], clients: [ClientSnapshot] = [], vhosts: [VhostSnapshot] = [],
                totals: Totals = Totals()) {
        self.streams = streams
        self.clients = clients
        self.vhosts = vhosts
        self.totals = totals
    }

    /// The process's view. A stream appears once, under the API id all workers share: the
    /// publisher's worker gives its facts (codecs, frames, bytes received, publisher), every worker
    /// adds its players, bytes sent and send kbps. Clients are every worker's, sorted by id. A
    /// vhost adds up its clients and bytes sent on every worker; its streams and bytes received
    /// are those of the merged streams (a stream pulled by another worker is not counted twice).
    /// Totals add up. A residue (what the players of a gone pulled copy sent and dropped) adds to
    /// the stream's entry and is dropped when no worker lists the stream.
    public static func merge(_ workers: [WorkerStats]) -> WorkerStats {
        var order: [String] = []
        var copies: [String: [StreamSnapshot]] = [:]
        for stream in workers.flatMap(\.streams) {
            if copies[stream.id] == nil { order.append(stream.id) }
            copies[stream.id, default: []].append(stream)
        }
        var merged: [StreamSnapshot] = order.compactMap { id in
            var all = copies[id]!
            // Residues (players of a pulled copy that is gone) only add to a listed stream.
            guard let baseIndex = all.firstIndex(where: { !$0.workerPull && !$0.residue })
                    ?? all.firstIndex(where: { !$0.residue }) else { return nil }
            var base = all.remove(at: baseIndex)
            for other in all {
                // A pulled copy's publisher is the pull, not a client: only its players add up.
                base.clients += other.clients
                base.players += other.players
                base.sendBytes += other.sendBytes
                base.kbps.send30s += other.kbps.send30s
                base.droppedMessages += other.droppedMessages
            }
            base.workerPull = false
            return base
        }
        merged.sort { $0.id < $1.id }

        var vhostOrder: [String] = []
        var vhosts: [String: VhostSnapshot] = [:]
        for vhost in workers.flatMap(\.vhosts) {
            guard var current = vhosts[vhost.id] else {
                vhosts[vhost.id] = vhost
                vhostOrder.append(vhost.id)
                continue
            }
            current.clients += vhost.clients
            current.sendBytes += vhost.sendBytes
            current.kbps.send30s += vhost.kbps.send30s
            vhosts[vhost.id] = current
        }
        let vhostList: [VhostSnapshot] = vhostOrder.map { id in
            var vhost = vhosts[id]!
            let own = merged.filter { $0.vhost == id }
            vhost.streams = Int64(own.filter(\.publishActive).count)
            vhost.recvBytes = own.reduce(0) { $0 + $1.recvBytes }
            vhost.kbps.recv30s = own.reduce(0) { $0 + $1.kbps.recv30s }
            return vhost
        }.sorted { $0.id < $1.id }

        return WorkerStats(streams: merged, clients: workers.flatMap(\.clients).sorted { $0.id < $1.id },
                           vhosts: vhostList, totals: workers.reduce(Totals()) { $0 + $1.totals })
    }
}
