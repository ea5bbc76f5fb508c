import Codec
import RTMP

/// Metadata from an upstream as the body a local source caches: `onMetaData` + its object
/// (an `@setDataFrame` wrapper is unwrapped).
enum MetadataBody {
    static func onMetaData(_ data: RTMPData) -> [UInt8]? {
        var values = data.values
        if data.name == "@setDataFrame" {
            guard values.first?.stringValue == "onMetaData" else { return nil }
            values.removeFirst()
        }
        return RTMPData(name: "onMetaData", values: values).encode()
    }
}
