/// Counters of one source, read by logs and the API.
public struct SourceStats {
    public var bytesReceived: UInt64 = 0
    public var videoFrames: UInt64 = 0
    public var audioFrames: UInt64 = 0
    /// Wall-clock ms when the current publish started (0 when never published).
    public var publishStartedAt: Int64 = 0
    /// Monotonic ms of the last packet from the publisher.
    public var lastPacketAt: Int64 = 0
    public init() {}
}
