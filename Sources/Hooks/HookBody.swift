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

    /// A published HLS segment (on_hls).
    public struct Segment: Equatable, Sendable {
        public var durationMillis: Int64
        public var cwd: String
        public var file: String
        public var url: String
        public var m3u8: String
        public var m3u8URL: String
        public var sequence: Int
        public init(durationMillis: Int64, cwd: String, file: String, url: String, m3u8: String, m3u8URL: String, sequence: Int) {
            self.durationMillis = durationMillis
            self.cwd = cwd
            self.file = file
            self.url = url
            self.m3u8 = m3u8
            self.m3u8URL = m3u8URL
            self.sequence = sequence
        }
    }

    public static func hls(_ s: HookSubject, _ id: Identity, segment g: Segment, streamID: String?) -> JSONValue {
        .object(head("on_hls", s, id) + [("tcUrl", .string(s.tcUrl)), ("stream", .string(s.stream)), ("param", .string(s.param)),
                                         ("duration", .double(Double(g.durationMillis) / 1000)), ("cwd", .string(g.cwd)),
                                         ("file", .string(g.file)), ("url", .string(g.url)), ("m3u8", .string(g.m3u8)),
                                         ("m3u8_url", .string(g.m3u8URL)), ("seq_no", .int(Int64(g.sequence)))]
                + stream(s, streamID: streamID))
    }

    /// on_hls_notify's URL: `[server_id] [service_id] [app] [stream] [ts_url] [param]` replaced;
    /// an absolute `ts_url` (http/https) replaces the whole URL (SRS).
    public static func notifyURL(template: String, _ s: HookSubject, _ id: Identity, tsURL: String) -> String {
        if tsURL.hasPrefix("http://") || tsURL.hasPrefix("https://") { return tsURL }
        var url = template
        for (name, value) in [("[server_id]", id.serverID), ("[service_id]", id.serviceID), ("[app]", s.app),
                              ("[stream]", s.stream), ("[ts_url]", tsURL), ("[param]", s.param)] {
            url = url.replacingAll(name, with: value)
        }
        return url
    }

    public static func dvr(_ s: HookSubject, _ id: Identity, file: File, streamID: String?) -> JSONValue {
        .object(head("on_dvr", s, id) + [("tcUrl", .string(s.tcUrl)), ("stream", .string(s.stream)), ("param", .string(s.param)),
                                         ("cwd", .string(file.cwd)), ("file", .string(file.file))] + stream(s, streamID: streamID))
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
