import Config
import HTTPRemux
import IO

/// Loads the key/cert pairs of the HTTPS listeners: at start (and `srs -t`), and again on every
/// reload, so a renewed certificate reaches new connections without a restart.
enum HTTPSCertificates {
    /// One context per pair; the first bad file fails it all, naming the file and OpenSSL's reason.
    static func load(_ settings: HTTPServerSettings) throws -> [TLSFiles: TLSContext] {
        var result: [TLSFiles: TLSContext] = [:]
        for files in settings.tlsFiles.sorted(by: { $0.cert < $1.cert || ($0.cert == $1.cert && $0.key < $1.key) }) {
            result[files] = try TLSContext(certificateFile: files.cert, keyFile: files.key)
        }
        return result
    }
}

extension HTTPSConfig {
    /// The listener settings when enabled.
    var listenerSettings: HTTPSListenerSettings? {
        guard enabled else { return nil }
        return HTTPSListenerSettings(endpoint: HTTPEndpoint(host: listen.host, port: Int(listen.port)),
                                     files: TLSFiles(key: key, cert: cert))
    }
}
