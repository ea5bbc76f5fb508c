import Core

/// The growing body of one partially received message; its storage is adopted by a
/// `SharedBytes` when the message completes, so the payload is copied exactly once.
///
/// Storage grows as chunks arrive (never to the declared length upfront), so a peer that
/// announces 16 MiB messages on many chunk streams costs nothing until it sends the bytes.
final class MessageBuffer {
    /// The first allocation, unless the message is smaller.
    static let initialCapacity = 64 * 1024

    let length: Int
    private(set) var storage: UnsafeMutableRawPointer?
    private(set) var capacity = 0
    private(set) var count = 0

    init(length: Int) {
        self.length = length
    }

    deinit {
        storage?.deallocate()
    }

    var remaining: Int { length - count }
    var isComplete: Bool { count == length }

    /// The capacity needed to append `n` more bytes (0 when the current storage suffices).
    func capacityNeeded(toAppend n: Int) -> Int {
        let needed = count + n
        guard needed > capacity else { return 0 }
        let doubled = max(capacity * 2, MessageBuffer.initialCapacity)
        return min(length, max(needed, doubled))
    }

    /// Grows the storage to `newCapacity` bytes, keeping the bytes received so far.
    func grow(to newCapacity: Int) {
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: max(newCapacity, 1), alignment: 16)
        if let old = storage {
            fresh.copyMemory(from: old, byteCount: count)
            old.deallocate()
        }
        storage = fresh
        capacity = newCapacity
    }

    /// Appends bytes; the caller has grown the storage (`capacityNeeded`) and bounded `bytes`
    /// by `remaining`.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0, let storage else { return }
        precondition(count + bytes.count <= capacity, "MessageBuffer overflow")
        (storage + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Hands the complete body over as shared bytes; the buffer is empty afterwards.
    func take() -> SharedBytes {
        guard let storage else { return SharedBytes([]) }
        self.storage = nil
        let bytes = SharedBytes(adopting: storage, count: count)
        capacity = 0
        count = 0
        return bytes
    }
}
