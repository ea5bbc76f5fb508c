import Live

/// An edge vhost's `cluster {}` as the edge uses it (srs-facts §10), resolved per vhost.
public struct EdgeSettings: Equatable, Sendable {
    public enum UpstreamProtocol: String, Equatable, Sendable { case rtmp, flv, flvs }

    public var vhost: String
    /// `origin` entries as written (`host[:port]`); names may stand for several addresses.
    public var origins: [String]
    public var upstreamProtocol: UpstreamProtocol
    public var followClient: Bool
    public var tokenTraverse: Bool
    /// `cluster.vhost`: the vhost asked of the origin, `[vhost]` = this vhost.
    public var vhostTemplate: String
    public var debugSrsUpnode: Bool
    public var chunkSize: UInt32
    /// Upstream pull read timeout (SRS 5 s).
    public var readTimeoutMillis: Int64
    /// How long an edge publisher is kept while no origin accepts its stream (SRS 30 s).
    public var pushTimeoutMillis: Int64
    /// The publisher queue bound of the edge push (`queue_length`).
    public var play: PlaySettings

    public init(vhost: String, origins: [String], upstreamProtocol: UpstreamProtocol = .rtmp, followClient: Bool = false,
                tokenTraverse: Bool = false, vhostTemplate: String = "[vhost]", debugSrsUpnode: Bool = true,
                chunkSize: UInt32 = 60000, readTimeoutMillis: Int64 = 5000, pushTimeoutMillis: Int64 = 30_000,
                play: PlaySettings = PlaySettings()) {
        self.vhost = vhost
        self.origins = origins
        self.upstreamProtocol = upstreamProtocol
        self.followClient = followClient
        self.tokenTraverse = tokenTraverse
        self.vhostTemplate = vhostTemplate
        self.debugSrsUpnode = debugSrsUpnode
        self.chunkSize = chunkSize
        self.readTimeoutMillis = readTimeoutMillis
        self.pushTimeoutMillis = pushTimeoutMillis
        self.play = play
    }

    /// The vhost to ask the origin for.
    public var upstreamVhost: String {
        vhostTemplate.replacingOccurrences(of: "[vhost]", with: vhost)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        let needle = Array(target.utf8)
        let bytes = Array(utf8)
        guard needle.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(lower, offsetBy: needle.count)
            return lower..<upper
        }
        return nil
    }
}
