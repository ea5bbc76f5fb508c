import Core
import Live
import Testing

/// A client whose figures the test sets.
private final class FakeClient: StatClient {
    let clientID: ContextID
    var clientType: String? = "rtmp-play"
    var clientIP = "127.0.0.1"
    var clientStream: StreamKey? = StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "s")
    var clientTcUrl = ""
    var clientPageUrl = ""
    var clientSwfUrl = ""
    var clientBytesSent: UInt64 = 0
    var clientBytesReceived: UInt64 = 0
    var clientConnectedAt: Int64 = 0
    var clientDroppedMessages: UInt64 = 0
    var failed = false
    var clientEndedWithError: Bool { failed }

    init(_ id: String) { clientID = ContextID(id) }

    func kick() {}
}

@Suite struct ClientRegistryTests {
    @Test func countsEveryClientOnceAndThoseThatEndedWithAnError() {
        let registry = ClientRegistry()
        let a = FakeClient("a"), b = FakeClient("b"), c = FakeClient("c")
        for client in [a, b, c, a] { registry.add(client) }
        #expect(registry.addedTotal == 3, "adding a client again (a republish) is not a new client")
        b.failed = true
        registry.remove(a)
        registry.remove(b)
        registry.remove(b)
        #expect(registry.failedTotal == 1)
        #expect(registry.clients.count == 1)
    }

    @Test func theDropTotalKeepsTheDropsOfClientsThatLeft() {
        let registry = ClientRegistry()
        let a = FakeClient("a"), b = FakeClient("b")
        registry.add(a)
        registry.add(b)
        a.clientDroppedMessages = 5
        b.clientDroppedMessages = 2
        #expect(registry.droppedMessagesTotal == 7)
        registry.remove(a)
        b.clientDroppedMessages = 3
        #expect(registry.droppedMessagesTotal == 8)
        #expect(registry.departedDroppedMessages == 5)
    }

    @Test func aClientIsAnErrorOnlyWhenItSaysSo() {
        final class Plain: StatClient {
            let clientID = ContextID("p")
            let clientType: String? = "hls-play"
            let clientIP = "", clientTcUrl = "", clientPageUrl = "", clientSwfUrl = ""
            let clientStream: StreamKey? = nil
            let clientBytesSent: UInt64 = 0, clientBytesReceived: UInt64 = 0, clientDroppedMessages: UInt64 = 0
            let clientConnectedAt: Int64 = 0
            func kick() {}
        }
        let registry = ClientRegistry()
        let plain = Plain()
        registry.add(plain)
        registry.remove(plain)
        #expect(registry.failedTotal == 0, "the default is no error (HLS sessions expire)")
    }
}
