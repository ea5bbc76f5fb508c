/// vhost `http_remux {}`: HTTP-FLV (and friends) streaming of live streams.
public struct HTTPRemuxConfig: Equatable, Sendable {
    public var enabled: Bool
    /// URL template, e.g. `[vhost]/[app]/[stream].flv` (the suffix picks the container).
    public var mount: String
    /// Audio-only (aac/mp3) fast-start cache length; zero = off.
    public var fastCache: Duration
    /// Drop packets whose type the FLV header said is absent.
    public var dropIfNotMatch: Bool
    public var hasAudio: Bool
    public var hasVideo: Bool
    /// Guess has_audio/has_video from the sequence headers seen.
    public var guessHasAV: Bool

    public static let defaults = HTTPRemuxConfig(
        enabled: false, mount: "[vhost]/[app]/[stream].flv", fastCache: .zero, dropIfNotMatch: true,
        hasAudio: true, hasVideo: true, guessHasAV: true
    )
}
