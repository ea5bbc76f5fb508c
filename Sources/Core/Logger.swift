#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go.
public enum LogTank: Equatable, Sendable {
    case console
    case file(String)
}

/// The process logger: SRS's line format, console (coloured WARN/ERROR) or an append-only file
/// that SIGUSR1 reopens. With `workers N` every worker's loop logs through it: a mutex keeps
/// each line whole and the file descriptor consistent (a line costs one lock, no allocation more).
public final class Logger: @unchecked Sendable {
    /// The process-wide logger.
    public static let shared = Logger()
    private let lock = Lock()

    /// The context id of the server itself (lines not about one connection).
    public let mainCID = ContextID.make()
    public private(set) var level: LogLevel = .trace
    public private(set) var tank: LogTank = .console
    private var line = LogLine(utc: false, pid: getpid())
    private var fd: Int32 = 1

    public init() {}

    /// Applies log settings; opens the file tank lazily (on first line), as SRS does.
    public func configure(tank: LogTank, level: LogLevel, utc: Bool) {
        lock.withLock {
            let changed = self.tank != tank
            self.tank = tank
            if changed { closeFile() }
            self.level = level
            line = LogLine(utc: utc, pid: getpid())
        }
    }

    /// Re-reads the pid (after daemonizing).
    public func refreshPID() { lock.withLock { line.pid = getpid() } }

    /// Reopens the log file (SIGUSR1, after logrotate moved it).
    public func reopen() {
        lock.withLock { closeFile() }
    }

    /// Closes the log file (if any); the next line reopens it.
    private func closeFile() {
        if fd > 2 { close(fd) }
        if case .console = tank { fd = 1 } else { fd = -1 }
    }

    @inline(__always)
    public func enabled(_ level: LogLevel) -> Bool { level >= self.level && self.level != .disabled }

    public func verbose(_ message: @autoclosure () -> String, cid: ContextID? = nil) {
        if enabled(.verbose) { emit(.verbose, message(), cid: cid) }
    }

    public func info(_ message: @autoclosure () -> String, cid: ContextID? = nil) {
        if enabled(.info) { emit(.info, message(), cid: cid) }
    }

    public func trace(_ message: @autoclosure () -> String, cid: ContextID? = nil) {
        if enabled(.trace) { emit(.trace, message(), cid: cid) }
    }

    public func warn(_ message: @autoclosure () -> String, cid: ContextID? = nil, errno code: Int32 = 0) {
        if enabled(.warn) { emit(.warn, message(), cid: cid, errno: code) }
    }

    public func error(_ message: @autoclosure () -> String, cid: ContextID? = nil, errno code: Int32 = 0) {
        if enabled(.error) { emit(.error, message(), cid: cid, errno: code) }
    }

    private func emit(_ level: LogLevel, _ message: String, cid: ContextID?, errno code: Int32 = 0) {
        lock.withLock { emitLocked(level, message, cid: cid, errno: code) }
    }

    private func emitLocked(_ level: LogLevel, _ message: String, cid: ContextID?, errno code: Int32) {
        var text = line.format(level: level, cid: (cid ?? mainCID).value, message: message,
                               errno: code, wallMillis: Clock.wallMillis())
        let target = outputFD()
        if target == 1 && level == .warn { text = "\u{1B}[33m" + text + "\u{1B}[0m" }
        if target == 1 && level == .error { text = "\u{1B}[31m" + text + "\u{1B}[0m" }
        text += "\n"
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(target, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
        }
    }

    private func outputFD() -> Int32 {
        switch tank {
        case .console:
            return 1
        case .file(let path):
            if fd < 0 {
                fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                if fd < 0 { return 1 }  // cannot open: keep the line on the console rather than lose it
            }
            return fd
        }
    }
}

/// Shorthand for `Logger.shared`.
public var log: Logger { Logger.shared }
