import Codec
import Core

/// An AMF data message (RTMP §7.1.2): a name, then values.
///
/// Seen as `@setDataFrame("onMetaData", {...})`, `onMetaData({...})`,
/// `|RtmpSampleAccess(true, true)` and `onStatus({code: "NetStream.Data.Start"})`.
public struct RTMPData: Equatable, Sendable {
    public var name: String
    public var values: [AMF0Value]

    public init(name: String, values: [AMF0Value] = []) {
        self.name = name
        self.values = values
    }

    /// Decodes an AMF0 data body.
    public init(amf0 bytes: [UInt8]) throws {
        let decoded: [AMF0Value]
        do {
            decoded = try AMF0Decoder.decodeAll(bytes)
        } catch {
            throw error.wrapped("rtmp: decode data")
        }
        guard let name = decoded.first?.stringValue else {
            throw RTMPError.invalidCommand("data message without a name")
        }
        self.name = name
        values = Array(decoded.dropFirst())
    }

    /// The AMF0 body.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        AMF0Encoder.encode(.string(name), into: &out)
        for value in values {
            AMF0Encoder.encode(value, into: &out)
        }
        return out
    }
}
