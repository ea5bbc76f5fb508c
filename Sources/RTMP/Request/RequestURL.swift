/// What a client asked for, from its tcUrl and stream name: SRS's `SrsRequest` URL fields.
///
/// Build it with `discover(tcUrl:stream:param:)`; resolve the vhost against the config with
/// `resolved(vhostExists:)`; key sources and stats by `streamURL`.
public struct RequestURL: Equatable, Sendable {
    public static let defaultVhost = "__defaultVhost__"
    public static let defaultApp = "__defaultApp__"
    public static let defaultPort = 1935

    /// `rtmp` for RTMP clients.
    public var schema: String
    /// The host of the tcUrl (`::1` for `[::1]`).
    public var host: String
    /// The vhost asked for: `vhost=`/`domain=` in the query, else the host.
    public var vhost: String
    public var port: Int
    /// The path before the stream name, without leading/trailing slashes; `__defaultApp__` if empty.
    public var app: String
    /// The last path segment (may be empty until play/publish names it).
    public var stream: String
    /// The query with its `?` (and `#fragment`), or empty.
    public var param: String

    public init(schema: String, host: String, vhost: String, port: Int, app: String, stream: String, param: String) {
        self.schema = schema
        self.host = host
        self.vhost = vhost
        self.port = port
        self.app = app
        self.stream = stream
        self.param = param
    }

    /// The stream identity: `/app/stream` on the default vhost, else `vhost/app/stream`; the
    /// stream's extension is dropped (`srs_generate_stream_url`).
    public var streamURL: String {
        let prefix = vhost == RequestURL.defaultVhost ? "" : vhost
        return prefix + "/" + app + "/" + RequestURL.removingExtension(stream)
    }

    /// The request with an unknown vhost renamed to `__defaultVhost__`, as SRS does after
    /// looking the vhost up in the config.
    public func resolved(vhostExists: (String) -> Bool) -> RequestURL {
        var copy = self
        if !vhostExists(vhost) { copy.vhost = RequestURL.defaultVhost }
        return copy
    }

    /// When the stream is empty, takes it from the app (`live/stream?k=v`) or from a param that
    /// contains a slash (`srs_guess_stream_by_app`).
    public mutating func guessStreamFromApp() {
        guard stream.isEmpty else { return }
        if let slash = app.firstIndex(of: "/") {
            var guessed = String(app[app.index(after: slash)...])
            app = String(app[..<slash])
            if let question = guessed.firstIndex(of: "?") {
                param = String(guessed[question...])
                guessed = String(guessed[..<question])
            }
            stream = guessed
            return
        }
        if let slash = param.firstIndex(of: "/") {
            stream = String(param[param.index(after: slash)...])
            param = String(param[..<slash])
        }
    }

    /// `path` without its last segment (`srs_path_dirname`): `/a/b` → `/a`, `/a` → `/`.
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "./" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last segment of `path` (`srs_path_basename`); `/` stays `/`.
    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        if path.utf8.count == 1 { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `name` without its last `.extension` (`srs_path_filename`).
    public static func removingExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }
}
