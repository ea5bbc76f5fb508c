import CShim

/// The process heap (glibc malloc).
public enum Heap {
    /// Returns the pages of free heap memory to the kernel (`malloc_trim(0)`: the top of the heap
    /// and whole free pages inside it). Memory freed after a burst (thousands of handshakes, GOP
    /// dumps, a backlog) otherwise stays resident for good. CPU only, proportional to the free
    /// chunks (well under a millisecond for thousands of players); true when something was released.
    @discardableResult
    public static func releaseFreePages() -> Bool {
        malloc_trim(0) != 0
    }
}
