/// Who a hook is about: one client and, once known, its stream (srs-facts §5.9 fields).
public struct HookSubject: Equatable, Sendable {
    /// The connection's context id (SRS `client_id`).
    public var clientID: String
    public var ip: String
    public var vhost: String
    public var app: String
    public var stream: String
    /// The query with its `?`, or empty.
    public var param: String
    public var tcUrl: String
    public var pageUrl: String

    public init(clientID: String, ip: String, vhost: String, app: String, stream: String = "", param: String = "",
                tcUrl: String = "", pageUrl: String = "") {
        self.clientID = clientID
        self.ip = ip
        self.vhost = vhost
        self.app = app
        self.stream = stream
        self.param = param
        self.tcUrl = tcUrl
        self.pageUrl = pageUrl
    }

    public var key: StreamKey { StreamKey(vhost: vhost, app: app, stream: stream) }
}

/// The hooks that may refuse a client (the answer comes later, on the loop).
public enum HookGate: String, Sendable {
    case connect = "on_connect"
    case publish = "on_publish"
    case play = "on_play"
}

/// The hooks that only tell (failures are logged).
public enum HookNotice: Sendable {
    case close(sendBytes: UInt64, recvBytes: UInt64)
    case unpublish
    case stop
}

/// HTTP callbacks as the protocol services see them; the hooks service implements it. Knows no
/// HTTP: the services only ask and tell.
public protocol ClientHooks: AnyObject {
    /// Asks the vhost's hook servers whether `subject` may go on. Returns false, and never calls
    /// back, when the vhost has no such hook (go on at once); else `completion(nil)` allows.
    func ask(_ gate: HookGate, _ subject: HookSubject, completion: @escaping ((any Error)?) -> Void) -> Bool
    /// Tells the vhost's hook servers (nothing happens when none is configured).
    func tell(_ notice: HookNotice, _ subject: HookSubject)
}
