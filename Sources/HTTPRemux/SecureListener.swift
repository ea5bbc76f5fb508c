import IO

/// An HTTPS listener: its routes and the certificate new connections get (replaced on reload).
final class SecureListener {
    var spec: HTTPSListenerSpec
    var context: TLSContext
    var listener: Listener!

    init(spec: HTTPSListenerSpec, context: TLSContext) {
        self.spec = spec
        self.context = context
    }
}
