import Codec
import Core

/// An AMF command (RTMP §7.1.1, §7.2): name, transaction id, command object, then arguments.
///
/// `connect`, `createStream`, `play`, `publish`, `_result`, `onStatus`... are all values of this
/// one type; their fields are read by name where they are used.
public struct RTMPCommand: Equatable, Sendable {
    public var name: String
    public var transactionID: Double
    /// The command object (`null` for most commands, an object for connect / `_result`).
    public var commandObject: AMF0Value
    /// The optional arguments after the command object.
    public var arguments: [AMF0Value]

    public init(name: String, transactionID: Double, commandObject: AMF0Value = .null, arguments: [AMF0Value] = []) {
        self.name = name
        self.transactionID = transactionID
        self.commandObject = commandObject
        self.arguments = arguments
    }

    /// Decodes an AMF0 command body (after the AMF3 format byte, if any).
    public init(amf0 bytes: [UInt8]) throws {
        let values: [AMF0Value]
        do {
            values = try AMF0Decoder.decodeAll(bytes)
        } catch {
            throw error.wrapped("rtmp: decode command")
        }
        guard let name = values.first?.stringValue, !name.isEmpty else {
            throw RTMPError.invalidCommand("the first value is not a command name")
        }
        guard values.count >= 2, let transactionID = values[1].numberValue else {
            throw RTMPError.invalidCommand("\(name) has no transaction id")
        }
        self.name = name
        self.transactionID = transactionID
        commandObject = values.count > 2 ? values[2] : .null
        arguments = values.count > 3 ? Array(values[3...]) : []
    }

    /// The AMF0 body.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        AMF0Encoder.encode(.string(name), into: &out)
        AMF0Encoder.encode(.number(transactionID), into: &out)
        AMF0Encoder.encode(commandObject, into: &out)
        for argument in arguments {
            AMF0Encoder.encode(argument, into: &out)
        }
        return out
    }

    /// The first argument as a string (the stream name of play / publish / releaseStream...).
    public var firstStringArgument: String? {
        arguments.first?.stringValue
    }
}
