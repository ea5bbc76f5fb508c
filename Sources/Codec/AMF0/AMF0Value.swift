/// One AMF0 value (Adobe AMF0 spec §2). Objects keep property order, as SRS encodes them.
public indirect enum AMF0Value: Equatable, Sendable {
    case number(Double)
    case boolean(Bool)
    case string(String)
    case object(AMF0Object)
    case null
    case undefined
    case ecmaArray(AMF0Object)
    case strictArray([AMF0Value])
    /// Milliseconds since the epoch and the (unused, always 0 on the wire) time zone.
    case date(Double, timeZone: Int16)
    case longString(String)

    /// The string payload of `.string` / `.longString`.
    public var stringValue: String? {
        switch self {
        case .string(let s), .longString(let s): return s
        default: return nil
        }
    }

    /// The number payload of `.number`.
    public var numberValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The boolean payload of `.boolean`.
    public var boolValue: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    /// The properties of `.object` / `.ecmaArray`.
    public var objectValue: AMF0Object? {
        switch self {
        case .object(let o), .ecmaArray(let o): return o
        default: return nil
        }
    }
}

/// One key/value pair of an AMF0 object or ECMA array.
public struct AMF0Property: Equatable, Sendable {
    public var key: String
    public var value: AMF0Value

    public init(_ key: String, _ value: AMF0Value) {
        self.key = key
        self.value = value
    }
}

/// An ordered AMF0 object (or ECMA array body).
public struct AMF0Object: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public var properties: [AMF0Property]

    public init(_ properties: [AMF0Property] = []) { self.properties = properties }

    public init(dictionaryLiteral elements: (String, AMF0Value)...) {
        properties = elements.map { AMF0Property($0.0, $0.1) }
    }

    /// The first value named `key`, or sets/appends it.
    public subscript(key: String) -> AMF0Value? {
        get { properties.first { $0.key == key }?.value }
        set {
            if let index = properties.firstIndex(where: { $0.key == key }) {
                if let newValue { properties[index].value = newValue } else { properties.remove(at: index) }
            } else if let newValue {
                properties.append(AMF0Property(key, newValue))
            }
        }
    }
}
