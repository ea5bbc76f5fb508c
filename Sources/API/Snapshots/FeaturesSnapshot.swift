/// `/api/v1/features` data; the flags say what this server runs. They follow a default SRS 5
/// build (`srs_core_performance.hpp`: complex send, TCP_NODELAY and merged read on; HDS and
/// SO_SNDBUF off) except for what is not implemented: transcode, ingest and caster (GB28181) off.
public struct FeaturesSnapshot: Sendable, Equatable {
    /// `./configure` options the user gave (`SRS_USER_CONFIGURE`).
    public var options = ""
    /// Full configure options (`SRS_CONFIGURE`).
    public var options2 = ""
    /// Build date (`SRS_BUILD_DATE`).
    public var build = ""
    /// Build timestamp (`SRS_BUILD_TS`).
    public var build2 = ""
    public var ssl = true
    public var hls = true
    public var hds = false
    public var callback = true
    public var api = true
    public var httpd = true
    public var dvr = true
    public var transcode = false
    public var ingest = false
    public var stat = true
    public var caster = false
    public var complexSend = true
    public var tcpNodelay = true
    public var soSendbuf = false
    public var mergedRead = true

    public init(options: String = "", options2: String = "", build: String = "", build2: String = "") {
        self.options = options
        self.options2 = options2
        self.build = build
        self.build2 = build2
    }
}
