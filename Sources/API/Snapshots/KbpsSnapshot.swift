/// The `kbps` object of vhosts, streams and clients: 30 s averages in kbit/s.
public struct KbpsSnapshot: Sendable, Equatable {
    public var recv30s: Int
    public var send30s: Int

    public init(recv30s: Int = 0, send30s: Int = 0) {
        self.recv30s = recv30s
        self.send30s = send30s
    }
}
