/// Builds an ordered JSON object step by step, with SRS `SrsJsonObject::set` semantics:
/// setting an existing key replaces its value in place (keeps the original position).
public struct JSONObjectBuilder: Sendable {
    public private(set) var pairs: [(String, JSONValue)]

    public init(_ pairs: [(String, JSONValue)] = []) {
        self.pairs = pairs
    }

    /// Sets `key` to `value`, replacing an earlier value at its original position.
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let index = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[index].1 = value
        } else {
            pairs.append((key, value))
        }
    }

    /// Appends every pair in order (same replace-in-place rule as `set`).
    public mutating func set(contentsOf other: [(String, JSONValue)]) {
        for (key, value) in other { set(key, value) }
    }

    /// Sets `key` only when `value` is non-nil.
    public mutating func setIfPresent(_ key: String, _ value: JSONValue?) {
        if let value { set(key, value) }
    }

    public var value: JSONValue { .object(pairs) }
}
