#if canImport(Glibc)
import Glibc
#endif

/// An immutable, reference-counted byte buffer with a stable address.
///
/// One `SharedBytes` holds the body of one media message; the source, the GOP cache and every
/// consumer share it, and `writev` iovecs may point into it across partial writes because the
/// storage never moves.
public final class SharedBytes {
    public let base: UnsafeRawPointer
    public let count: Int

    /// Copies `bytes` into a new buffer.
    public init(copying bytes: UnsafeRawBufferPointer) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if let source = bytes.baseAddress, bytes.count > 0 {
            storage.copyMemory(from: source, byteCount: bytes.count)
        }
        base = UnsafeRawPointer(storage)
        count = bytes.count
    }

    /// Copies an array into a new buffer.
    public convenience init(_ bytes: [UInt8]) {
        self.init(copying: bytes.withUnsafeBytes { $0 })
    }

    /// Copies a slice into a new buffer.
    public convenience init(_ bytes: ArraySlice<UInt8>) {
        self.init(copying: bytes.withUnsafeBytes { $0 })
    }

    /// Takes ownership of memory allocated with `UnsafeMutableRawPointer.allocate(byteCount:alignment:)`.
    public init(adopting storage: UnsafeMutableRawPointer, count: Int) {
        base = UnsafeRawPointer(storage)
        self.count = count
    }

    deinit {
        UnsafeMutableRawPointer(mutating: base).deallocate()
    }

    /// The bytes as a buffer pointer; valid for as long as `self` is alive.
    /// Same length and content (a repeated sequence header, say).
    public func hasSameBytes(as other: SharedBytes) -> Bool {
        count == other.count && (count == 0 || memcmp(base, other.base, count) == 0)
    }

    @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The byte at `index`; traps when out of range (programmer error).
    @inlinable public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "SharedBytes index out of range")
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    /// A copy of the bytes as an array (tests, control paths; never the media hot path).
    public var array: [UInt8] { Array(bytes) }

    /// A copy of `range` as an array.
    public func array(_ range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }
}
