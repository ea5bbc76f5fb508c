/// How long an outgoing RTMP session may take for each step (SRS: 5 s connect and read for an
/// edge pull, `SRS_EDGE_INGESTER_TIMEOUT`; 150 ms connect for the edge forwarder on a LAN).
public struct RTMPClientTimeouts: Equatable, Sendable {
    /// TCP connect.
    public var connectMillis: Int64
    /// Handshake and command flow until play/publish started.
    public var startMillis: Int64
    /// No byte from the server for this long ends a started play (0 = never).
    public var readMillis: Int64

    public init(connectMillis: Int64 = 3000, startMillis: Int64 = 5000, readMillis: Int64 = 5000) {
        self.connectMillis = connectMillis
        self.startMillis = startMillis
        self.readMillis = readMillis
    }
}
