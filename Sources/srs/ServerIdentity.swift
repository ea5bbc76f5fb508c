import Core
#if canImport(Glibc)
import Glibc
#endif

/// The server id shown by the API (`server`): `server_id` from the config, else a random
/// `vid-xxxxxxx` kept next to the pid file (`./objs/srs.id`) so it survives restarts, as SRS.
enum ServerIdentity {
    static func load(configured: String?, pidFile: String) -> String {
        if let configured, !configured.isEmpty { return configured }
        let path = pidFile.hasSuffix(".pid") ? String(pidFile.dropLast(4)) + ".id" : pidFile + ".id"
        if let saved = PidFile.read(path), saved.hasPrefix("vid-") { return saved }
        let id = "vid-" + ContextID.randomToken(length: 7)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd >= 0 {
            _ = id.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        return id
    }
}
