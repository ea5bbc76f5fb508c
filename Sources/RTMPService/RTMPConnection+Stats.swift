import Core
import Live

extension RTMPConnection: StatClient {
    public var clientID: ContextID { cid }
    public var clientIP: String { connection.peer.host }
    public var clientStream: StreamKey? { streamKey }
    public var clientTcUrl: String { tcUrl }
    public var clientPageUrl: String { pageUrl }
    public var clientSwfUrl: String { swfUrl }
    public var clientBytesSent: UInt64 { connection.bytesSent }
    public var clientBytesReceived: UInt64 { connection.bytesReceived }
    public var clientConnectedAt: Int64 { connectedAt }
    public var clientDroppedMessages: UInt64 { droppedByEarlierConsumers &+ (consumer?.droppedMessages ?? 0) }
    public var clientEndedWithError: Bool { connection.closedWithError }

    public func kick() {
        log.trace("rtmp: kicked off by the API", cid: cid)
        fail(RTMPServiceError.kicked)
    }
}
