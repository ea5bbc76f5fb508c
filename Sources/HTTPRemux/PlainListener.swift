import IO

/// A plain HTTP listener and the routes it serves now (a reload may change them in place).
final class PlainListener {
    var role: HTTPListenerRole
    var listener: Listener!

    init(role: HTTPListenerRole) {
        self.role = role
    }
}
