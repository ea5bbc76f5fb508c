#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `uname(2)`, for `srs_node_uname_info`.
public struct UnameInfo: Sendable, Equatable {
    public var sysname: String
    public var nodename: String
    public var release: String
    public var version: String
    public var machine: String

    public init(sysname: String, nodename: String, release: String, version: String, machine: String) {
        self.sysname = sysname
        self.nodename = nodename
        self.release = release
        self.version = version
        self.machine = machine
    }

    /// This machine now; nil when `uname` fails.
    public static func current() -> UnameInfo? {
        var info = utsname()
        guard uname(&info) == 0 else { return nil }
        func field<T>(_ value: inout T) -> String {
            withUnsafeBytes(of: &value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return UnameInfo(sysname: field(&info.sysname), nodename: field(&info.nodename), release: field(&info.release),
                         version: field(&info.version), machine: field(&info.machine))
    }
}
