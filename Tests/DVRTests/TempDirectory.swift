import Glibc

/// A scratch directory under /tmp, deleted when the value goes away.
final class TempDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/dvr-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw DVRTestError.noTempDirectory(errno) }
        path = String(cString: made)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    /// The files under the directory, recursively, sorted.
    func files() -> [String] {
        DVRClips.run("find '\(path)' -type f | sort").split(separator: "\n").map(String.init)
    }

    func read(_ file: String) -> [UInt8]? {
        guard let handle = fopen(file, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
