/// How a source caches and how its consumers queue and batch, from a vhost's `play {}` block.
public struct PlaySettings: Equatable, Sendable {
    public var gopCache: Bool
    /// Most messages the GOP cache holds (0 = no limit).
    public var gopCacheMaxFrames: Int
    /// Longest media span (ms) a consumer queue may hold before it is shrunk.
    public var queueLengthMillis: Int64
    public var jitter: JitterMode
    /// Merged-write wait (ms) and message count: a player writes when both are exceeded.
    public var mwLatencyMillis: Int64
    public var mwMsgs: Int
    /// Flush at the end of every loop iteration instead of waiting for a batch.
    public var minLatency: Bool
    /// `atc`: players get the publisher's absolute timestamps (no jitter correction).
    public var atc: Bool
    /// `atc_auto`: atc turns on when the metadata says `bravo_atc: "true"`.
    public var atcAuto: Bool
    /// `mix_correct`: audio and video interleaved by timestamp before anything sees them.
    public var mixCorrect: Bool
    /// `reduce_sequence_header`: byte-identical repeated sequence headers / metadata are not
    /// sent to players again (HLS, DVR and forward still see them).
    public var reduceSequenceHeader: Bool

    public init(gopCache: Bool = true, gopCacheMaxFrames: Int = 2500, queueLengthMillis: Int64 = 30_000,
                jitter: JitterMode = .full, mwLatencyMillis: Int64 = 350, mwMsgs: Int = 8, minLatency: Bool = false,
                atc: Bool = false, atcAuto: Bool = false, mixCorrect: Bool = false, reduceSequenceHeader: Bool = false) {
        self.gopCache = gopCache
        self.gopCacheMaxFrames = gopCacheMaxFrames
        self.queueLengthMillis = queueLengthMillis
        self.jitter = jitter
        self.mwLatencyMillis = mwLatencyMillis
        self.mwMsgs = mwMsgs
        self.minLatency = minLatency
        self.atc = atc
        self.atcAuto = atcAuto
        self.mixCorrect = mixCorrect
        self.reduceSequenceHeader = reduceSequenceHeader
    }

    /// What a consumer uses: with atc, timestamps pass through.
    public func forConsumers(atcRequested: Bool) -> PlaySettings {
        guard atc || (atcAuto && atcRequested) else { return self }
        var settings = self
        settings.jitter = .off
        return settings
    }
}
