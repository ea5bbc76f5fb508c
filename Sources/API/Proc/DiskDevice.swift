/// One device line of `/proc/diskstats` (Documentation/admin-guide/iostats.rst, fields 1–14).
public struct DiskDevice: Sendable, Equatable {
    public var name: String
    public var readIOs: Int64
    public var readSectors: Int64
    public var writeIOs: Int64
    public var writeSectors: Int64
    /// Milliseconds spent doing I/O (`io_ticks`), the basis of SRS's `disk_busy_percent`.
    public var ioTicks: Int64

    public init(name: String, readIOs: Int64 = 0, readSectors: Int64 = 0, writeIOs: Int64 = 0,
                writeSectors: Int64 = 0, ioTicks: Int64 = 0) {
        self.name = name
        self.readIOs = readIOs
        self.readSectors = readSectors
        self.writeIOs = writeIOs
        self.writeSectors = writeSectors
        self.ioTicks = ioTicks
    }

    public static func parse(_ text: String) throws -> [DiskDevice] {
        var devices: [DiskDevice] = []
        for line in ProcText.lines(text) {
            let f = ProcText.fields(line)
            guard f.count >= 14 else {
                if f.isEmpty { continue }
                throw APIError.procMalformed(file: "/proc/diskstats", reason: "short line (\(f.count) fields)")
            }
            guard let rios = ProcText.int64(f[3]), let rsec = ProcText.int64(f[5]),
                let wios = ProcText.int64(f[7]), let wsec = ProcText.int64(f[9]), let ticks = ProcText.int64(f[12])
            else {
                throw APIError.procMalformed(file: "/proc/diskstats", reason: "invalid numbers for \(f[2])")
            }
            devices.append(DiskDevice(name: String(f[2]), readIOs: rios, readSectors: rsec, writeIOs: wios,
                                      writeSectors: wsec, ioTicks: ticks))
        }
        return devices
    }

    /// SRS compat: only devices named in `stats.disk` are summed; with none configured the total
    /// is zero and `disk_busy_percent` stays 0.
    public static func totalIOTicks(_ devices: [DiskDevice], names: [String]) -> Int64 {
        devices.filter { names.contains($0.name) }.reduce(0) { $0 &+ $1.ioTicks }
    }
}
