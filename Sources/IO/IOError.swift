import Core
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with its name and errno (swift-nio's `IOError` idea).
public struct IOError: Error, CustomStringConvertible, SRSCoded {
    public let call: String
    public let errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }

    public var srsCode: Int {
        switch call {
        case "read", "recv": return SRSErrorCode.socketRead
        default: return SRSErrorCode.socketWrite
        }
    }
}

/// Outcome of a non-blocking read or write.
public enum IOResult: Equatable {
    case processed(Int)
    case wouldBlock
    case eof
}

/// Runs a system call, retrying EINTR, mapping EAGAIN to `.wouldBlock` and failures to `IOError`.
@inline(__always)
func syscallIO(_ name: String, _ body: () -> Int) throws -> IOResult {
    while true {
        let n = body()
        if n >= 0 { return .processed(n) }
        let code = Glibc.errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
        throw IOError(name, errno: code)
    }
}

/// Runs a system call that returns -1 on failure, retrying EINTR.
@inline(__always)
@discardableResult
func syscallChecked(_ name: String, _ body: () -> Int32) throws -> Int32 {
    while true {
        let n = body()
        if n >= 0 { return n }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw IOError(name, errno: code)
    }
}
