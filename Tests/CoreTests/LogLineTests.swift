import Core
import Testing

@Suite struct LogLineTests {
    private let line = LogLine(utc: true, pid: 42)

    @Test func formatsTheSRSLinePrefix() {
        let text = line.format(level: .trace, cid: "k3x9a1b0", message: "hello", wallMillis: 1_700_000_000_123)
        #expect(text == "[2023-11-14 22:13:20.123][INFO][42][k3x9a1b0] hello")
    }

    @Test func warnAndErrorCarryAnErrnoField() {
        let warn = line.format(level: .warn, cid: "c", message: "m", errno: 11, wallMillis: 0)
        #expect(warn == "[1970-01-01 00:00:00.000][WARN][42][c][11] m")
        let error = line.format(level: .error, cid: "c", message: "m", errno: 2, wallMillis: 0)
        #expect(error.hasPrefix("[1970-01-01 00:00:00.000][ERROR][42][c][2] m("))
    }

    @Test(arguments: [("verbose", LogLevel.verbose), ("info", .info), ("trace", .trace), ("warn", .warn),
                      ("error", .error), ("nonsense", .disabled)])
    func parsesConfigLevelNames(name: String, level: LogLevel) {
        #expect(LogLevel(configV1: name) == level)
    }
}
