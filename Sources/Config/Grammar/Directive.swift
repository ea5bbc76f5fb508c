/// One node of the config tree: `name arg...;` or `name arg... { children }`.
///
/// `file`/`line` locate the directive's name for messages (`file:line: reason`).
public struct Directive: Equatable, Sendable {
    public var name: String
    public var args: [String]
    public var children: [Directive]
    public var file: String
    public var line: Int

    public init(name: String, args: [String] = [], children: [Directive] = [], file: String = "", line: Int = 0) {
        self.name = name
        self.args = args
        self.children = children
        self.file = file
        self.line = line
    }

    /// The first argument, or "" (SRS `arg0()`; an empty value means "use the default").
    public var arg0: String { args.first ?? "" }

    /// The first child with this name (SRS `get(name)`: duplicates after the first are ignored).
    public func first(_ name: String) -> Directive? {
        children.first { $0.name == name }
    }

    /// Every child with this name, in file order.
    public func all(_ name: String) -> [Directive] {
        children.filter { $0.name == name }
    }
}

extension Array where Element == Directive {
    /// The first directive with this name.
    func first(named name: String) -> Directive? { first { $0.name == name } }

    /// Index of the first directive named `name`, creating an empty block there if missing
    /// (SRS `get_or_create`); the new block takes `origin`'s location.
    mutating func indexOrAppend(named name: String, origin: Directive) -> Int {
        if let index = firstIndex(where: { $0.name == name }) { return index }
        append(Directive(name: name, file: origin.file, line: origin.line))
        return count - 1
    }
}
