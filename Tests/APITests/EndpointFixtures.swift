import API

/// Shared inputs for the endpoint tests.
enum EndpointFixtures {
    static let envelope = APIEnvelope(serverID: "vid-k21d7y2", serviceID: "4s5x4k3v", pid: 7)
    static let bodies = APIBodies(envelope: envelope)
    static let envelopeKeys = ["code", "server", "service", "pid"]

    static let stream = StreamSnapshot(
        id: "vid-b1", name: "livestream", vhost: "vid-v1", app: "live", tcUrl: "rtmp://127.0.0.1/live",
        url: "/live/livestream", liveMs: 1_700_000_000_123, clients: 2, frames: 300, sendBytes: 10,
        recvBytes: 20, kbps: KbpsSnapshot(recv30s: 800, send30s: 1600), publishActive: true,
        publisherID: "k9a3b2c1",
        video: .init(codec: "H264", profile: "High", level: "3.1", width: 768, height: 320),
        audio: .init(codec: "AAC", sampleRate: 44100, channel: 2, profile: "LC"))

    static func client(_ id: String) -> ClientSnapshot {
        ClientSnapshot(id: id, vhost: "vid-v1", stream: "vid-b1", ip: "127.0.0.1", tcUrl: "rtmp://127.0.0.1/live",
                       url: "/live/livestream", name: "livestream", type: "fmle-publish", publish: true,
                       alive: 12.345, sendBytes: 1, recvBytes: 2, kbps: KbpsSnapshot(recv30s: 3, send30s: 4), dropped: 5)
    }
}

extension JSONValue {
    /// Follows a path of object keys.
    subscript(path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }
}
