/// Bytes to write over earlier bytes of a file at close (sizes and totals known only then).
public struct DVRPatch: Equatable, Sendable {
    public var offset: Int64
    public var bytes: [UInt8]

    public init(offset: Int64, bytes: [UInt8]) {
        self.offset = offset
        self.bytes = bytes
    }
}
