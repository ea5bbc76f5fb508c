import Live

/// A vhost's `http_remux {}` as the HTTP streaming handler needs it.
public struct RemuxSettings: Equatable, Sendable {
    public var enabled: Bool
    /// Template such as `[vhost]/[app]/[stream].flv`; the extension picks the muxer.
    public var mount: String
    public var hasAudio: Bool
    public var hasVideo: Bool
    public var guessHasAV: Bool
    public var dropIfNotMatch: Bool
    /// `fast_cache` in ms: audio kept for new `.mp3` / `.aac` players (0 = off).
    public var fastCacheMillis: Int64
    /// The vhost's play settings (queue, jitter, batching) for its players.
    public var play: PlaySettings
    public var security: SecurityPolicy
    /// The vhost's `publish.try_annexb_first`, for HTTP-TS.
    public var annexbFirst = true

    public init(enabled: Bool = false, mount: String = "[vhost]/[app]/[stream].flv", hasAudio: Bool = true,
                hasVideo: Bool = true, guessHasAV: Bool = true, dropIfNotMatch: Bool = true,
                fastCacheMillis: Int64 = 0, play: PlaySettings = PlaySettings(), security: SecurityPolicy = SecurityPolicy()) {
        self.enabled = enabled
        self.mount = mount
        self.hasAudio = hasAudio
        self.hasVideo = hasVideo
        self.guessHasAV = guessHasAV
        self.dropIfNotMatch = dropIfNotMatch
        self.fastCacheMillis = fastCacheMillis
        self.play = play
        self.security = security
    }
}
