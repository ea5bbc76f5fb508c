import Codec
import Core

/// Normalises a publisher's `@setDataFrame` / `onMetaData` into what SRS caches and re-sends
/// (srs-facts §5.8): `"onMetaData"` + an AMF0 object without `duration`, plus `server` and
/// `server_version`.
enum MetadataRewriter {
    /// Facts worth one log line.
    struct Summary {
        var width: Double?
        var height: Double?
        var videoCodec: Double?
        var audioCodec: Double?
    }

    /// The rewritten payload, or nil when the data message is not metadata.
    static func rewrite(name: String, values: [AMF0Value]) -> (payload: [UInt8], summary: Summary)? {
        var rest = values[...]
        if name == "@setDataFrame" {
            guard let inner = rest.first?.stringValue, inner == "onMetaData" else { return nil }
            rest = rest.dropFirst()
        } else if name != "onMetaData" {
            return nil
        }
        // SRS compat: the body may be an object or an ECMA array (converted), or missing.
        var object = rest.first?.objectValue ?? AMF0Object()
        object["duration"] = nil
        object["server"] = .string(ServerVersion.signature)
        object["server_version"] = .string(ServerVersion.string)
        let summary = Summary(width: object["width"]?.numberValue, height: object["height"]?.numberValue,
                              videoCodec: object["videocodecid"]?.numberValue,
                              audioCodec: object["audiocodecid"]?.numberValue)
        return (AMF0Encoder.encode([.string("onMetaData"), .object(object)]), summary)
    }
}
