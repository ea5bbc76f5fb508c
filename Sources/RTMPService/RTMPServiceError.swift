import Core

/// Why the server ended an RTMP connection.
public enum RTMPServiceError: Error, CustomStringConvertible, SRSCoded {
    case timeout(phase: String, millis: Int64)
    case vhostNotFound(String)
    case vhostDisabled(String)
    case connectMissingTcUrl
    case emptyStreamName
    case createStreamDepth
    case peerStalled(millis: Int64)
    case kicked
    case durationExceeded(millis: Int64)
    case noOrigin(String)
    case redirected(String)
    case kickedForIdle(url: String, millis: Int64)

    public var description: String {
        switch self {
        case let .timeout(phase, millis): return "\(phase) timeout after \(millis)ms"
        case .vhostNotFound(let name): return "vhost \(name) not found"
        case .vhostDisabled(let name): return "vhost \(name) is disabled"
        case .connectMissingTcUrl: return "connect without tcUrl"
        case .emptyStreamName: return "empty stream name"
        case .createStreamDepth: return "too many nested createStream calls"
        case .peerStalled(let millis): return "peer did not read for \(millis)ms"
        case .kicked: return "kicked off"
        case .durationExceeded(let millis): return "play duration \(millis)ms reached"
        case .noOrigin(let url): return "origin cluster: no coworker publishes \(url), no origin"
        case .redirected(let target): return "redirected to \(target)"
        case let .kickedForIdle(url, millis): return "kicked for idle, url=\(url), timeout=\(millis / 1000)s"
        }
    }

    public var srsCode: Int {
        switch self {
        case .timeout, .peerStalled: return SRSErrorCode.socketTimeout
        case .vhostNotFound, .vhostDisabled: return SRSErrorCode.vhostNotFound
        case .connectMissingTcUrl: return 2017
        case .emptyStreamName: return SRSErrorCode.streamNameEmpty
        case .createStreamDepth: return 2023
        case .kicked: return SRSErrorCode.rtmpClose
        case .durationExceeded: return SRSErrorCode.durationExceed
        case .noOrigin: return SRSErrorCode.originClusterRedirect
        case .redirected: return SRSErrorCode.redirect
        case .kickedForIdle: return 2056  // SRS ERROR_KICKOFF_FOR_IDLE
        }
    }
}
