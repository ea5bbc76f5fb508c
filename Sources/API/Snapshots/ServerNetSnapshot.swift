/// The server's own traffic and connection counts (`srs_*` and `conn_*` in summaries).
public struct ServerNetSnapshot: Sendable, Equatable {
    public var ok = false
    public var sampleTime: Int64 = 0
    public var recvBytes: Int64 = 0
    public var sendBytes: Int64 = 0
    public var sockets = SocketStats()
    /// Clients known to the statistics (SRS `clients.size()`).
    public var connSRS: Int64 = 0

    public init(ok: Bool = false, sampleTime: Int64 = 0, recvBytes: Int64 = 0, sendBytes: Int64 = 0,
                sockets: SocketStats = SocketStats(), connSRS: Int64 = 0) {
        self.ok = ok
        self.sampleTime = sampleTime
        self.recvBytes = recvBytes
        self.sendBytes = sendBytes
        self.sockets = sockets
        self.connSRS = connSRS
    }
}
