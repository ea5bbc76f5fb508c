import Core
import Testing

/// `SharedBytes` copies what it is made from while that is alive. The array initialisers used to
/// escape `withUnsafeBytes`'s pointer, and the optimiser released a temporary array (the rewritten
/// metadata) before the copy: a heap use-after-free that `make test-asan` caught. Under
/// AddressSanitizer (`swift test --sanitize=address`) these tests fail on that bug; without it they
/// still check the copies.
@Suite("SharedBytes")
struct SharedBytesTests {
    static func temporary(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ seed }
    }

    static func rewritten(_ count: Int) -> (payload: [UInt8], summary: Int)? {
        (temporary(count, seed: 7), count)
    }

    /// The bytes, read while `shared` is certainly alive (`bytes` is valid only then).
    static func contents(_ shared: SharedBytes) -> [UInt8] {
        withExtendedLifetime(shared) { Array(shared.bytes) }
    }

    @Test(arguments: [0, 1, 223, 4096])
    func copiesATemporaryArrayBeforeItIsReleased(count: Int) {
        let bytes = SharedBytes(Self.temporary(count, seed: 3))
        #expect(Self.contents(bytes) == Self.temporary(count, seed: 3))
        guard let made = Self.rewritten(count) else { return }
        let fromTuple = SharedBytes(made.payload)
        #expect(fromTuple.count == count && Self.contents(fromTuple) == Self.temporary(count, seed: 7))
    }

    @Test func copiesSlicesAndBuffers() {
        let array = Self.temporary(100, seed: 1)
        #expect(Self.contents(SharedBytes(array[10..<20])) == Array(array[10..<20]))
        let copied = array.withUnsafeBytes { SharedBytes(copying: $0) }
        #expect(Self.contents(copied) == array)
        #expect(SharedBytes([]).count == 0)
    }
}
