/// Host uptime/load for summaries (`SrsPlatformInfo`).
public struct PlatformSnapshot: Sendable, Equatable {
    public var ok = false
    public var info = PlatformInfo()

    public init(ok: Bool = false, info: PlatformInfo = PlatformInfo()) {
        self.ok = ok
        self.info = info
    }
}
