/// `/proc/meminfo` for `/api/v1/meminfos`.
public struct MemInfoSnapshot: Sendable, Equatable {
    public var ok = false
    public var sampleTime: Int64 = 0
    public var info = MemInfo()

    public init(ok: Bool = false, sampleTime: Int64 = 0, info: MemInfo = MemInfo()) {
        self.ok = ok
        self.sampleTime = sampleTime
        self.info = info
    }
}
