import Codec

/// Values covering every AMF0 type the encoder writes, nested too.
enum AMF0Samples {
    static let scalars: [AMF0Value] = [
        .number(0), .number(-1.5), .number(1e300), .number(.infinity),
        .boolean(true), .boolean(false),
        .string(""), .string("connect"), .string("héllo 世界 🎥"),
        .null, .undefined,
        .date(1_700_000_000_123, timeZone: 0), .date(-5, timeZone: -60),
        .longString(""), .longString("a long string body"),
    ]

    static let connectObject: AMF0Object = [
        "app": .string("live"), "flashVer": .string("FMLE/3.0"), "tcUrl": .string("rtmp://127.0.0.1/live"),
        "fpad": .boolean(false), "capabilities": .number(239), "audioCodecs": .number(3575),
        "objectEncoding": .number(0),
    ]

    static let containers: [AMF0Value] = [
        .object([:]),
        .object(connectObject),
        .object(["": .string("empty key"), "nested": .object(["deeper": .object(["x": .null])])]),
        .strictArray([]),
        .strictArray([.number(1), .string("two"), .object(["three": .boolean(true)]), .strictArray([.null])]),
        .object(["list": .strictArray([.date(1, timeZone: 0), .longString("ls"), .undefined])]),
    ]

    /// ECMA arrays are tolerant of a missing end marker, so their truncation behaviour differs.
    static let ecmaArrays: [AMF0Value] = [
        .ecmaArray([:]),
        .ecmaArray(["duration": .number(0), "width": .number(1280), "encoder": .string("Lavf")]),
        .ecmaArray(["a": .number(1), "inner": .ecmaArray(["b": .boolean(true)])]),
        .object(["meta": .ecmaArray(["k": .string("v")]), "after": .null]),
    ]

    static var all: [AMF0Value] { scalars + containers + ecmaArrays }

    /// `depth` objects nested inside each other around a null.
    static func nestedObjects(_ depth: Int) -> AMF0Value {
        var value = AMF0Value.null
        for _ in 0..<depth { value = .object(["k": value]) }
        return value
    }
}
