import Core
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LoggerTests {
    private func readFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 65536)
        let n = read(fd, &bytes, bytes.count)
        return String(decoding: bytes[0..<max(0, n)], as: UTF8.self)
    }

    @Test func fileTankWritesLinesToTheFileAndReopenFollowsARotation() {
        let path = "/tmp/srs-logger-test-\(getpid()).log"
        unlink(path)
        unlink(path + ".1")
        let logger = Logger()
        logger.configure(tank: .file(path), level: .trace, utc: true)
        logger.trace("first line")
        logger.info("below the level, not written")
        rename(path, path + ".1")
        logger.reopen()
        logger.warn("after rotation")
        #expect(readFile(path + ".1").contains("][INFO][") && readFile(path + ".1").contains("first line"))
        #expect(!readFile(path + ".1").contains("below the level"))
        #expect(readFile(path).contains("][WARN]["))
        #expect(readFile(path).contains("after rotation"))
        unlink(path)
        unlink(path + ".1")
    }
}
