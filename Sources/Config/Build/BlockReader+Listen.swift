extension BlockReader {
    /// Reads a single-endpoint `listen` (http_api, http_server). SRS: present but empty is an error
    /// ("http_api.listen requires params").
    func listenAddress(default fallback: ListenAddress) -> ListenAddress {
        guard let directive = child("listen") else { return fallback }
        let key = dotted("listen")
        guard !directive.arg0.isEmpty else {
            diagnostics.error(at: directive, "\(key) requires params")
            return fallback
        }
        switch ListenAddress.parse(directive.arg0, key: key) {
        case .valid(let address):
            return address
        case .invalid(let reason):
            diagnostics.error(at: directive, reason)
            return fallback
        }
    }
}
