/// A receive/send pair of samplers, the shape every `kbps` object reports.
public struct TrafficSampler: Sendable, Equatable {
    public private(set) var recv = KbpsSampler()
    public private(set) var send = KbpsSampler()

    public init() {}

    public mutating func sample(recvBytes: UInt64, sendBytes: UInt64, nowMillis: Int64) {
        recv.sample(totalBytes: recvBytes, nowMillis: nowMillis)
        send.sample(totalBytes: sendBytes, nowMillis: nowMillis)
    }

    public var snapshot: KbpsSnapshot {
        KbpsSnapshot(recv30s: recv.kbps30s, send30s: send.kbps30s)
    }
}
