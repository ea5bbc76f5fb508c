/// The identity every successful SRS v5 API body starts with (§9.1).
///
/// SRS compat: success bodies begin `"code":0,"server":"vid-…","service":"<8 chars>","pid":"<pid>"`
/// (pid as a string); error bodies are exactly `{"code":N}`.
public struct APIEnvelope: Sendable, Equatable {
    /// `server_id` from config or generated (`vid-xxxxxxx`).
    public var serverID: String
    /// Random 8 characters chosen once per process.
    public var serviceID: String
    /// The process id, rendered as a string in bodies.
    public var pid: Int32

    public init(serverID: String, serviceID: String, pid: Int32) {
        self.serverID = serverID
        self.serviceID = serviceID
        self.pid = pid
    }

    /// The envelope pairs followed by `payload`, in order.
    public func success(_ payload: [(String, JSONValue)] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("code", .int(0)),
            ("server", .string(serverID)),
            ("service", .string(serviceID)),
            ("pid", .string(String(pid))),
        ]
        pairs.append(contentsOf: payload)
        return .object(pairs)
    }

    /// An SRS error body: `{"code":N}` and nothing else.
    public static func error(code: Int) -> JSONValue {
        .object([("code", .int(Int64(code)))])
    }

    /// A bare `{"code":0,"data":…}` body used by `/api/v1/clusters` and `/api/v1/raw`, which carry
    /// no server/service/pid fields.
    public static func bare(_ payload: [(String, JSONValue)]) -> JSONValue {
        .object([("code", .int(0))] + payload)
    }
}
