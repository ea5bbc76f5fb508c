import CShim
#if canImport(Glibc)
import Glibc
#endif

/// Starts a detached thread running `body` (a worker's event loop, `workers N`).
public enum WorkerThread {
    private final class Body: @unchecked Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Throws when the thread cannot be created (the reason from `pthread_create`).
    public static func start(_ body: @escaping @Sendable () -> Void) throws {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let rc = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw IOError("pthread_create", errno: rc)
        }
        pthread_detach(thread)
    }

    /// The CPUs this process may use (`workers auto`): its affinity mask, capped by a cgroup v2
    /// `cpu.max` quota (a Kubernetes CPU limit), 1 to 64.
    public static func availableCPUs() -> Int {
        var cpus = max(1, Int(srs_affinity_cpu_count()))
        if let quota = cgroupQuota() { cpus = min(cpus, quota) }
        return max(1, min(64, cpus))
    }

    /// The CPU quota of the process's cgroup, as a container sees it: v2 `cpu.max` (`max 100000`:
    /// none, `200000 100000`: 2 CPUs), else v1 `cpu.cfs_quota_us` over `cpu.cfs_period_us` (-1: none).
    static func cgroupQuota() -> Int? {
        if let text = firstLine("/sys/fs/cgroup/cpu.max") { return parseQuota(text) }
        for directory in ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"] {
            if let quota = firstLine(directory + "/cpu.cfs_quota_us"), let period = firstLine(directory + "/cpu.cfs_period_us") {
                return parseQuota(quota + " " + period)
            }
        }
        return nil
    }

    private static func firstLine(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `200000 100000` → 2 (rounded up); `max …`, `-1 …` or garbage → nil.
    public static func parseQuota(_ text: String) -> Int? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, let quota = Double(parts[0]), let period = Double(parts[1]), period > 0, quota > 0 else {
            return nil
        }
        return max(1, Int((quota / period).rounded(.up)))
    }
}
