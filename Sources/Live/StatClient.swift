import Core

/// A connected player or publisher as the API lists it (`/api/v1/clients`), whatever its protocol.
public protocol StatClient: AnyObject {
    var clientID: ContextID { get }
    /// SRS client type (`fmle-publish`, `rtmp-play`, `flv-play`, ...); nil until identified.
    var clientType: String? { get }
    var clientIP: String { get }
    var clientStream: StreamKey? { get }
    var clientTcUrl: String { get }
    var clientPageUrl: String { get }
    var clientSwfUrl: String { get }
    var clientBytesSent: UInt64 { get }
    var clientBytesReceived: UInt64 { get }
    /// Wall-clock ms when the connection was accepted.
    var clientConnectedAt: Int64 { get }
    /// Messages dropped because the client fell behind.
    var clientDroppedMessages: UInt64 { get }
    /// Whether the connection ended with an error (read when the client is removed); a peer
    /// that closed the connection normally did not.
    var clientEndedWithError: Bool { get }
    /// Ends the connection at once (API `DELETE /api/v1/clients/<id>`).
    func kick()
}

extension StatClient {
    public var isPublishClient: Bool { clientType?.hasSuffix("-publish") ?? false }
    public var clientEndedWithError: Bool { false }
}

/// Every identified client of the process, for stats and kicking.
public final class ClientRegistry {
    public private(set) var clients: [String: StatClient] = [:]
    /// Told about a client just before it leaves (stats keep its byte counts).
    public var willRemove: ((StatClient) -> Void)?
    /// Clients ever added, those that ended with an error, and the messages dropped for clients
    /// that left (the exporter's counters).
    public private(set) var addedTotal: UInt64 = 0
    public private(set) var failedTotal: UInt64 = 0
    public private(set) var departedDroppedMessages: UInt64 = 0

    public init() {}

    public func add(_ client: StatClient) {
        if clients[client.clientID.value] == nil { addedTotal &+= 1 }
        clients[client.clientID.value] = client
    }

    public func remove(_ client: StatClient) {
        guard clients[client.clientID.value] === client else { return }
        willRemove?(client)
        if client.clientEndedWithError { failedTotal &+= 1 }
        departedDroppedMessages &+= client.clientDroppedMessages
        clients[client.clientID.value] = nil
    }

    /// Messages dropped for every client since the start (those connected and those that left).
    public var droppedMessagesTotal: UInt64 {
        clients.values.reduce(departedDroppedMessages) { $0 &+ $1.clientDroppedMessages }
    }
    public func client(id: String) -> StatClient? { clients[id] }

    /// Clients of one stream (players and publisher).
    public func clients(of key: StreamKey) -> [StatClient] {
        clients.values.filter { $0.clientStream == key }
    }
}
