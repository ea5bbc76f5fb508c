#if canImport(Glibc)
import Glibc
#endif

/// Facts about where the process runs.
enum Environment {
    static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Every variable of the process, read once at start (the config's `SRS_*` overlay and reload
    /// use this snapshot; a process's environment does not change from outside).
    static func snapshot() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                // The first definition wins, like getenv.
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }

    /// SRS's container detection (`/proc/1/cgroup` mentions docker), plus `/.dockerenv` and
    /// Kubernetes' service env — cgroup v2 hosts hide the docker path. `configured` is `in_docker`
    /// (which `SRS_IN_DOCKER` overrides, as in SRS).
    static func isInContainer(configured: Bool) -> Bool {
        if configured { return true }
        if access("/.dockerenv", F_OK) == 0 { return true }
        if variable("KUBERNETES_SERVICE_HOST") != nil { return true }
        let fd = open("/proc/1/cgroup", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return false }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        return text.contains("/docker") || text.contains("/kubepods")
    }

    /// The directory and file name of a path.
    static func split(path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
