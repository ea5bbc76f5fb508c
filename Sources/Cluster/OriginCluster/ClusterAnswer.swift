import API
import Core
import HTTP
import Live

/// A coworker's answer to `/api/v1/clusters` (srs-facts §11): where the stream can be played.
public struct ClusterAnswer: Equatable, Sendable {
    public var ip: String
    public var port: Int
    public var vhost: String
    /// Beyond SRS: the coworker's HTTP server (`ip:port`), for HTTP-FLV redirects.
    public var http: String?

    public init(ip: String, port: Int, vhost: String, http: String? = nil) {
        self.ip = ip
        self.port = port
        self.vhost = vhost
        self.http = http
    }

    /// The hook success rules (200/201, a JSON object with `code` 0), then `data.origin.ip` (a
    /// non-empty string) and `data.origin.port` (an integer > 0). Nil when the coworker does not
    /// have the stream (`origin: null`); throws for a broken answer.
    public static func parse(status: Int, body: [UInt8]) throws -> ClusterAnswer? {
        guard status == 200 || status == 201 else { throw ClusterLookupError.status(status) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(body)
        } catch {
            throw ClusterLookupError.body("not JSON: \(error)")
        }
        guard json.objectValue != nil else { throw ClusterLookupError.body("not a JSON object") }
        guard json["code"]?.intValue == 0 else { throw ClusterLookupError.body("code is \(json["code"].map { "\($0)" } ?? "missing")") }
        guard let origin = json["data"]?["origin"], !origin.isNull else { return nil }
        guard let ip = origin["ip"]?.stringValue, !ip.isEmpty, let port = origin["port"]?.intValue, port > 0, port < 65536 else {
            return nil
        }
        return ClusterAnswer(ip: ip, port: Int(port), vhost: origin["vhost"]?.stringValue ?? StreamKey.defaultVhost,
                             http: origin["http"]?.stringValue)
    }
}

/// Why one coworker could not answer.
public enum ClusterLookupError: Error, CustomStringConvertible, SRSCoded {
    case status(Int)
    case body(String)

    public var description: String {
        switch self {
        case .status(let code): return "coworker answered HTTP \(code)"
        case .body(let why): return "coworker answer is invalid: \(why)"
        }
    }

    public var srsCode: Int { SRSErrorCode.responseCode }
}
