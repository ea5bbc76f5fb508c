/// Header fields in the order received or added; names compare ASCII case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence {
    public typealias Field = (name: String, value: String)

    /// All fields, in order; names keep their original spelling.
    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Whether the comma-separated list header `name` has `token` among its elements (case-insensitive).
    public func listContains(_ name: String, token: String) -> Bool {
        HTTPSyntax.listElements(values(for: name)).contains { HTTPSyntax.equalsIgnoringCase($0, token) }
    }

    /// Appends a field, keeping any earlier ones with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces the first field named `name` (dropping later duplicates), or appends it.
    public mutating func set(_ name: String, _ value: String) {
        guard let index = fields.firstIndex(where: { HTTPSyntax.equalsIgnoringCase($0.name, name) }) else {
            fields.append((name, value))
            return
        }
        fields[index].value = value
        var later = index + 1
        while later < fields.count {
            if HTTPSyntax.equalsIgnoringCase(fields[later].name, name) { fields.remove(at: later) } else { later += 1 }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { HTTPSyntax.equalsIgnoringCase($0.name, name) }
    }
}
