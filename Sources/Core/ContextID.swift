/// A per-connection context id, as on every SRS log line and in the API (`clients[].id`).
///
/// SRS compat: 8 characters from a table that over-weights digits (50 digits, 26 letters).
public struct ContextID: Hashable, CustomStringConvertible, Sendable {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { value }

    private static let alphabet: [UInt8] = Array(
        ("0123456789" + "0123456789" + "0123456789" + "0123456789" + "0123456789"
            + "abcdefghijklmnopqrstuvwxyz").utf8)

    /// A new random id.
    public static func make() -> ContextID {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    public static func make<G: RandomNumberGenerator>(using generator: inout G, length: Int = 8) -> ContextID {
        var chars = [UInt8]()
        chars.reserveCapacity(length)
        for _ in 0..<length {
            chars.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))])
        }
        return ContextID(String(decoding: chars, as: UTF8.self))
    }

    /// A random string of lowercase letters and digits (server ids, API `service`).
    public static func randomToken(length: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8]()
        for _ in 0..<length { out.append(letters[Int(generator.next(upperBound: UInt64(letters.count)))]) }
        return String(decoding: out, as: UTF8.self)
    }
}
