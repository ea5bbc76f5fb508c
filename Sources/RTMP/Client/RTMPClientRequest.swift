import Codec
import Core

/// What an outgoing RTMP session asks for: the upstream's tcUrl, app and stream, and who we are.
public struct RTMPClientRequest: Equatable, Sendable {
    /// `probe` only connects (an edge's token traverse: does the origin accept this client?).
    public enum Role: Equatable, Sendable { case play, publish, probe }

    public var role: Role
    /// `rtmp://host[:port]/app` (the vhost may be a `?vhost=` parameter).
    public var tcUrl: String
    public var app: String
    /// The stream name with its parameters (`livestream?vhost=v&token=t`).
    public var stream: String
    /// SRS's upnode identity args (`srs_sig`, `srs_server`, ...), sent as the connect's args object.
    public var identity: AMF0Object?
    /// Our out chunk size (SetChunkSize right after connect).
    public var chunkSize: UInt32
    public var pageUrl: String
    public var swfUrl: String

    public init(role: Role, tcUrl: String, app: String, stream: String, identity: AMF0Object? = nil,
                chunkSize: UInt32 = 60000, pageUrl: String = "", swfUrl: String = "") {
        self.role = role
        self.tcUrl = tcUrl
        self.app = app
        self.stream = stream
        self.identity = identity
        self.chunkSize = chunkSize
        self.pageUrl = pageUrl
        self.swfUrl = swfUrl
    }

    /// SRS's upnode identity (`SrsServerInfo`, sent when `debug_srs_upnode on`): the origin logs
    /// which edge it serves.
    public static func upnodeIdentity(pid: Int32, cid: String, serverIP: String) -> AMF0Object {
        [
            "srs_sig": .string(ServerVersion.key),
            "srs_server": .string(ServerVersion.signature),
            "srs_license": .string(ServerVersion.license),
            "srs_url": .string(ServerVersion.url),
            "srs_version": .string(ServerVersion.string),
            "srs_pid": .number(Double(pid)),
            "srs_id": .string(cid),
            "srs_server_ip": .string(serverIP),
        ]
    }
}
