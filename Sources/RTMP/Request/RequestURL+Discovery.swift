extension RequestURL {
    /// Discovers schema, host, vhost, port, app, stream and param from a tcUrl and a stream
    /// name that may carry `?params` (SRS 5 `srs_discovery_tc_url` followed by `strip`).
    ///
    /// - `...vhost...` in the tcUrl means `?vhost=`; a query before the last `/`
    ///   (FMLE's `rtmp://h/app?k=v/stream`) moves to the end; `/_definst_` is removed.
    /// - vhost is `vhost=` or else `domain=` from the query unless empty or `__defaultVhost__`,
    ///   otherwise the host; a param that is only `vhost=__defaultVhost__` is cleared.
    /// - `param` (e.g. an HTTP request's query) is appended unless the URL already carries it.
    ///   SRS compat: SRS 5 re-appended the connect-phase param on the second discovery,
    ///   duplicating it (ossrs/srs#3930, fixed in SRS 7); we do not.
    public static func discover(tcUrl: String, stream: String = "", param: String = "") throws -> RequestURL {
        var full = tcUrl.replacing("...vhost...", with: "?vhost=")
        full += stream.isEmpty ? "/" : (stream.hasPrefix("/") ? stream : "/" + stream)
        if !param.isEmpty {
            let query = param.hasPrefix("?") ? String(param.dropFirst()) : param
            if !query.isEmpty && !full.contains(query) { full += "?" + query }
        }
        full = movingQueryToEnd(full).replacing("/_definst_", with: "")

        guard let url = ParsedURL(full) else { throw RTMPError.invalidTcUrl(tcUrl) }
        var discovered = RequestURL(schema: url.schema, host: url.host, vhost: url.host,
                                    port: url.port ?? defaultPort(schema: url.schema), app: "",
                                    stream: basename(url.path), param: "")
        discovered.param = (url.query.isEmpty ? "" : "?" + url.query) + (url.fragment.isEmpty ? "" : "#" + url.fragment)
        var app = dirname(url.path.isEmpty ? "/" : url.path)
        if app.hasPrefix("/") { app.removeFirst() }
        discovered.app = app

        let query = SRSQueryString.parse(url.query)
        var vhostInQuery = query["vhost"] ?? ""
        if vhostInQuery.isEmpty { vhostInQuery = query["domain"] ?? "" }
        if !vhostInQuery.isEmpty && vhostInQuery != defaultVhost { discovered.vhost = vhostInQuery }
        if !discovered.param.contains("&") && vhostInQuery == defaultVhost { discovered.param = "" }

        discovered.strip()
        return discovered
    }

    /// FMLE style `rtmp://ip/app?k=v/stream` (or `#k=v`) becomes `rtmp://ip/app/stream?k=v`.
    static func movingQueryToEnd(_ url: String) -> String {
        let bytes = Array(url.utf8)
        guard let query = bytes.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
              let slash = bytes.lastIndex(of: UInt8(ascii: "/")), query < slash else { return url }
        return String(decoding: bytes[..<query] + bytes[slash...] + bytes[query..<slash], as: UTF8.self)
    }

    /// SRS's default port per schema (`SrsHttpUri::initialize`).
    static func defaultPort(schema: String) -> Int {
        switch schema {
        case "rtmp": return defaultPort
        case "https": return 443
        default: return 80
        }
    }

    /// `SrsRequest::strip`: no whitespace in names, no `/` in host/vhost, no slashes around
    /// app/stream; an app left empty becomes `__defaultApp__`.
    mutating func strip() {
        let whitespace: Set<Character> = [" ", "\n", "\r", "\t", "\r\n"]
        host.removeAll { $0 == "/" || whitespace.contains($0) }
        vhost.removeAll { $0 == "/" || whitespace.contains($0) }
        app.removeAll { whitespace.contains($0) }
        stream.removeAll { whitespace.contains($0) }
        app = RequestURL.trimmingSlashes(app)
        stream = RequestURL.trimmingSlashes(stream)
        if app.isEmpty { app = RequestURL.defaultApp }
    }

    static func trimmingSlashes(_ text: String) -> String {
        var slice = Substring(text)
        while slice.hasPrefix("/") { slice.removeFirst() }
        while slice.hasSuffix("/") { slice.removeLast() }
        return String(slice)
    }
}
