/// JSONP wrapping of API responses: `?callback=NAME` turns `{...}` into `NAME({...})` (srs-facts §9.1).
public enum JSONP {
    /// SRS compat: JSONP bodies are served as JavaScript.
    public static let contentType = "text/javascript"

    /// SRS compat: `srs_is_valid_jsonp_callback`, only `[A-Za-z0-9_.-]` (empty is valid: no JSONP).
    public static func isValidCallback(_ name: String) -> Bool {
        name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// The request's callback name, nil when absent or empty; throws for invalid names (SRS code 4058: SRS
    /// then drops the connection).
    public static func callback(in request: HTTPRequest) throws(HTTPError) -> String? {
        guard let name = request.queryValue("callback"), !name.isEmpty else { return nil }
        guard isValidCallback(name) else { throw .invalidJSONPCallback(name) }
        return name
    }

    /// SRS compat: with a callback, `&method=GET|PUT|POST|DELETE` overrides the HTTP method (e.g. kicking a
    /// client with a GET); nil without a callback or for other values.
    public static func methodOverride(in request: HTTPRequest) -> String? {
        guard let name = request.queryValue("callback"), !name.isEmpty,
              let method = request.queryValue("method"), ["GET", "PUT", "POST", "DELETE"].contains(method) else {
            return nil
        }
        return method
    }

    /// `callback(json)`.
    public static func wrap(_ json: [UInt8], callback: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(callback.utf8.count + json.count + 2)
        bytes.append(contentsOf: callback.utf8)
        bytes.append(UInt8(ascii: "("))
        bytes.append(contentsOf: json)
        bytes.append(UInt8(ascii: ")"))
        return bytes
    }
}
