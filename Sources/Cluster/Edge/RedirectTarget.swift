/// Where an RTMP 302 (`rtmp://host:port/app/stream?...`) or HTTP 302 (`http://host:port/...`)
/// points: the edge keeps its own app, stream and vhost and only changes the server.
public enum RedirectTarget {
    public static func endpoint(in url: String) -> OriginEndpoint? {
        let url = Substring(url)
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: Int
        switch scheme {
        case "rtmp": defaultPort = 1935
        case "http": defaultPort = 80
        case "https": defaultPort = 443
        default: return nil
        }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        return OriginEndpoint(parsing: hostPort, defaultPort: defaultPort)
    }
}
