#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin blocking readers for the `/proc` files the API reports. Linux only; each read is a few
/// KB from procfs, cheap enough for the 3 s stat timer on the loop thread.
public enum ProcFiles {
    /// Upper bound for one file; procfs texts we read are far smaller.
    static let maxBytes = 1 << 20

    /// Reads a whole (size-less) procfs file with `open`/`read`, retrying `EINTR`.
    public static func readText(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw APIError.readFailed(path: path, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < maxBytes {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw APIError.readFailed(path: path, errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func selfStat() throws -> ProcSelfStat {
        try ProcSelfStat.parse(readText("/proc/self/stat"))
    }

    public static func stat() throws -> ProcStat {
        try ProcStat.parse(readText("/proc/stat"))
    }

    public static func memInfo() throws -> MemInfo {
        try MemInfo.parse(readText("/proc/meminfo"))
    }

    public static func platform() throws -> PlatformInfo {
        try PlatformInfo.parse(uptime: readText("/proc/uptime"), loadAverage: readText("/proc/loadavg"))
    }

    public static func netDevices() throws -> [NetDevice] {
        try NetDevice.parse(readText("/proc/net/dev"))
    }

    public static func vmstat() throws -> VMStat {
        try VMStat.parse(readText("/proc/vmstat"))
    }

    public static func diskDevices() throws -> [DiskDevice] {
        try DiskDevice.parse(readText("/proc/diskstats"))
    }

    public static func socketStats() throws -> SocketStats {
        try SocketStats.parse(sockstat: readText("/proc/net/sockstat"), snmp: readText("/proc/net/snmp"))
    }

    /// `sysconf(_SC_CLK_TCK)`, 100 if unavailable.
    public static func clockTicks() -> Int64 {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Int64(ticks) : 100
    }

    /// `sysconf(_SC_NPROCESSORS_CONF)` and `_SC_NPROCESSORS_ONLN` (SRS `cpus`, `cpus_online`).
    public static func processorCounts() -> (configured: Int, online: Int) {
        (Int(sysconf(Int32(_SC_NPROCESSORS_CONF))), Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
