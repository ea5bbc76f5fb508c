/// vhost `publish {}`: how publishers are treated.
public struct PublishConfig: Equatable, Sendable {
    /// No media since publish start for this long → disconnect.
    public var firstpktTimeout: Duration
    /// No new media for this long → disconnect ("rtmp: publish timeout").
    public var normalTimeout: Duration
    /// Parse the H.264 SPS of the sequence header (codec info in the API).
    public var parseSps: Bool
    /// Try Annex B before IBMF when demuxing H.264 (SRS 5).
    public var tryAnnexbFirst: Bool
    /// Disconnect a publisher nobody has played for this long; zero = never.
    public var kickoffForIdle: Duration

    public static let defaults = PublishConfig(
        firstpktTimeout: .milliseconds(20000), normalTimeout: .milliseconds(5000), parseSps: true,
        tryAnnexbFirst: true, kickoffForIdle: .zero
    )
}
