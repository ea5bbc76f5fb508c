import Codec

/// `play.atc_auto` (SRS): a publisher asks for ATC with `bravo_atc: "true"` in its metadata.
enum ATCMetadata {
    /// Whether an onMetaData / @setDataFrame body carries `bravo_atc` = "true".
    static func requestsATC(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard let values = try? AMF0Decoder.decodeAll(Array(payload)) else { return false }
        return values.contains { value in
            value.objectValue?.properties.contains { $0.key == "bravo_atc" && $0.value.stringValue == "true" } ?? false
        }
    }
}
