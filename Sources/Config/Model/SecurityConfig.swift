/// vhost `security {}`: IP allow/deny rules for publish and play.
/// SRS semantics (applied by the user of this config): deny rules first, then an allow rule must
/// match; enabled with no rules denies everything.
public struct SecurityConfig: Equatable, Sendable {
    /// One `allow|deny publish|play IP|all;` line.
    public struct Rule: Equatable, Sendable {
        public enum Action: String, Equatable, Sendable, CaseIterable { case allow, deny }
        public enum Method: String, Equatable, Sendable { case publish, play }
        public enum Target: Equatable, Sendable {
            case all
            /// Compared with the client IP as text (SRS 5).
            case address(String)
        }

        public var action: Action
        public var method: Method
        public var target: Target

        public init(action: Action, method: Method, target: Target) {
            self.action = action
            self.method = method
            self.target = target
        }
    }

    public var enabled: Bool
    /// Rules in file order.
    public var rules: [Rule]

    public static let defaults = SecurityConfig(enabled: false, rules: [])
}
