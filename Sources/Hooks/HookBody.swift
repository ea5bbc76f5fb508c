import API
import Live

/// The JSON body of each hook, field for field in SRS 5's order (srs-facts §5.9): every body
/// starts with `server_id, service_id, action, client_id, ip, vhost, app`.
public enum HookBody {
    /// Who is calling: the API's server and service ids.
    public struct Identity: Equatable, Sendable {
        public var serverID: String
        public var serviceID: String
        public init(serverID: String, serviceID: String) {
            self.serverID = serverID
            self.serviceID = serviceID
        }
    }

    /// DVR and HLS file facts.
    public struct File: Equatable, Sendable {
        public var cwd: String
        public var file: String
        public init(cwd: String, file: String) {
            self.cwd = cwd
            self.file = file
        }
    }

    static func head(_ action: String, _ s: HookSubject, _ id: Identity) -> [(String, JSONValue)] {
        [("server_id", .string(id.serverID)), ("service_id", .string(id.serviceID)), ("action", .string(action)),
         ("client_id", .string(s.clientID)), ("ip", .string(s.ip)), ("vhost", .string(s.vhost)), ("app", .string(s.app))]
    }

    static func stream(_ s: HookSubject, streamID: String?) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [("stream_url", .string(s.key.url))]
        if let streamID { out.append(("stream_id", .string(streamID))) }
        return out
    }

    public static func connect(_ s: HookSubject, _ id: Identity) -> JSONValue {
        .object(head("on_connect", s, id) + [("stream", .string(s.stream)), ("param", .string(s.param)),
                                             ("tcUrl", .string(s.tcUrl)), ("pageUrl", .string(s.pageUrl))])
    }

    public static func close(_ s: HookSubject, _ id: Identity, sendBytes: UInt64, recvBytes: UInt64) -> JSONValue {
        .object(head("on_close", s, id) + [("send_bytes", .int(Int64(clamping: sendBytes))),
                                           ("recv_bytes", .int(Int64(clamping: recvBytes)))])
    }

    /// on_publish, on_unpublish and on_stop share their shape.
    public static func stream(action: String, _ s: HookSubject, _ id: Identity, streamID: String?) -> JSONValue {
        .object(head(action, s, id) + [("tcUrl", .string(s.tcUrl)), ("stream", .string(s.stream)), ("param", .string(s.param))]
                + stream(s, streamID: streamID))
    }

    public static func play(_ s: HookSubject, _ id: Identity, streamID: String?) -> JSONValue {
        .object(head("on_play", s, id) + [("stream", .string(s.stream)), ("tcUrl", .string(s.tcUrl)), ("param", .string(s.param)),
                                          ("pageUrl", .string(s.pageUrl))] + stream(s, streamID: streamID))
    }

    public static func dvr(_ s: HookSubject, _ id: Identity, file: File, streamID: String?) -> JSONValue {
        .object(head("on_dvr", s, id) + [("tcUrl", .string(s.tcUrl)), ("stream", .string(s.stream)), ("param", .string(s.param)),
                                         ("cwd", .string(file.cwd)), ("file", .string(file.file))] + stream(s, streamID: streamID))
    }
}
