#if canImport(Glibc)
import Glibc
#endif

/// An immutable, reference-counted byte buffer with a stable address.
///
/// One `SharedBytes` holds the body of one media message; the source, the GOP cache and every
/// consumer share it, and `writev` iovecs may point into it across partial writes because the
/// storage never moves. Immutable after init, so it may cross threads (`workers N` hands
/// packets from the publisher's worker to the others without copying them).
public final class SharedBytes: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int

    /// Copies `bytes` into a new buffer.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(adopting: SharedBytes.copy(bytes), count: bytes.count)
    }

    /// Copies an array into a new buffer. The copy happens inside `withUnsafeBytes`: the array's
    /// pointer is only valid there (escaping it let the array be freed before the copy, found by
    /// AddressSanitizer in `make test-asan`).
    public convenience init(_ bytes: [UInt8]) {
        self.init(adopting: bytes.withUnsafeBytes { SharedBytes.copy($0) }, count: bytes.count)
    }

    /// Copies a slice into a new buffer (the copy inside `withUnsafeBytes`, as above).
    public convenience init(_ bytes: ArraySlice<UInt8>) {
        self.init(adopting: bytes.withUnsafeBytes { SharedBytes.copy($0) }, count: bytes.count)
    }

    /// New storage holding a copy of `bytes` (at least one byte, so the address is never null).
    private static func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if let source = bytes.baseAddress, bytes.count > 0 {
            storage.copyMemory(from: source, byteCount: bytes.count)
        }
        return storage
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
