/// A problem that does not stop the config from loading (ignored directive, odd value, transform).
public struct ConfigWarning: Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { ConfigLocation.format(file: file, line: line, message: message) }
}
