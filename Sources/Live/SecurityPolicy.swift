import Core

/// A vhost's `security {}` rules: deny rules are checked first, then an allow rule must match;
/// enabled with no rules denies everything (srs-facts §1.4).
public struct SecurityPolicy: Equatable, Sendable {
    public enum Method: Sendable { case publish, play }

    /// One `allow|deny publish|play IP|all;` rule.
    public struct Rule: Equatable, Sendable {
        public var allow: Bool
        public var method: Method
        /// nil = `all`.
        public var address: String?

        public init(allow: Bool, method: Method, address: String?) {
            self.allow = allow
            self.method = method
            self.address = address
        }

        func matches(_ method: Method, ip: String) -> Bool {
            self.method == method && (address == nil || address == ip)
        }
    }

    public var enabled: Bool
    public var rules: [Rule]

    public init(enabled: Bool = false, rules: [Rule] = []) {
        self.enabled = enabled
        self.rules = rules
    }

    /// Throws when `ip` may not `method`.
    public func check(_ method: Method, ip: String) throws {
        guard enabled else { return }
        if rules.contains(where: { !$0.allow && $0.matches(method, ip: ip) }) {
            throw SecurityError.denied(method: "\(method)", ip: ip)
        }
        guard rules.contains(where: { $0.allow && $0.matches(method, ip: ip) }) else {
            throw SecurityError.notAllowed(method: "\(method)", ip: ip)
        }
    }
}

/// A client refused by `security {}`.
public enum SecurityError: Error, CustomStringConvertible, SRSCoded {
    case denied(method: String, ip: String)
    case notAllowed(method: String, ip: String)

    public var description: String {
        switch self {
        case let .denied(method, ip): return "security: \(method) denied for \(ip)"
        case let .notAllowed(method, ip): return "security: \(method) not allowed for \(ip)"
        }
    }

    /// SRS's ERROR_SYSTEM_SECURITY_DENY / _ALLOW.
    public var srsCode: Int {
        switch self {
        case .denied: return 1052
        case .notAllowed: return 1053
        }
    }
}
