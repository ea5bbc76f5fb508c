import Config
import Live
import RTMPService

extension VhostConfig {
    /// The slice of this vhost the live sources and their consumers need.
    var playSettings: PlaySettings {
        let jitter: JitterMode
        switch play.timeJitter {
        case .full: jitter = .full
        case .zero: jitter = .zero
        case .off: jitter = .off
        }
        return PlaySettings(gopCache: play.gopCache, gopCacheMaxFrames: play.gopCacheMaxFrames,
                            queueLengthMillis: play.queueLength.millis, jitter: jitter,
                            mwLatencyMillis: play.mwLatency.millis, mwMsgs: play.mwMsgs, minLatency: minLatency,
                            atc: play.atc, atcAuto: play.atcAuto, mixCorrect: play.mixCorrect,
                            reduceSequenceHeader: play.reduceSequenceHeader)
    }

    /// The slice of this vhost an RTMP connection needs.
    var rtmpSettings: RTMPVhostSettings {
        var settings = RTMPVhostSettings(name: name, enabled: enabled, chunkSize: UInt32(clamping: chunkSize),
                                         outAckSize: UInt32(clamping: outAckSize), inAckSize: UInt32(clamping: inAckSize),
                                         tcpNoDelay: tcpNodelay, play: playSettings,
                                         firstPacketTimeoutMillis: publish.firstpktTimeout.millis,
                                         normalTimeoutMillis: publish.normalTimeout.millis,
                                         security: securityPolicy)
        // SRS compat: coworkers are asked only for players of non-edge vhosts (srs-facts §11).
        settings.kickoffForIdleMillis = publish.kickoffForIdle.millis
        settings.originCluster = cluster.originCluster && !cluster.isEdge
        settings.tokenTraverse = cluster.isEdge && cluster.tokenTraverse
        return settings
    }

    /// `security {}` as the policy the services check.
    var securityPolicy: SecurityPolicy {
        SecurityPolicy(enabled: security.enabled, rules: security.rules.map { rule in
            let address: String?
            switch rule.target {
            case .all: address = nil
            case .address(let ip): address = ip
            }
            return SecurityPolicy.Rule(allow: rule.action == .allow,
                                       method: rule.method == .publish ? .publish : .play, address: address)
        })
    }
}
