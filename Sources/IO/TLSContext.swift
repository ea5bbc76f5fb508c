import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// A server certificate and key loaded once (start or reload): the `SSL_CTX` new TLS sessions are
/// made from. TLS 1.2 minimum, OpenSSL's default ciphers, no renegotiation, ALPN `http/1.1`.
///
/// A session keeps the context it was made from alive (OpenSSL counts references), so replacing
/// the context on reload never touches connections already established.
public final class TLSContext {
    let context: OpaquePointer
    public let certificateFile: String
    public let keyFile: String

    /// Loads and checks `certificateFile` (PEM, a chain allowed) and `keyFile` (PEM): a missing or
    /// unreadable file, a bad PEM or a key that does not match the certificate is an error naming
    /// the file and OpenSSL's reason.
    public init(certificateFile: String, keyFile: String) throws {
        for (file, what) in [(certificateFile, "cert"), (keyFile, "key")] where access(file, R_OK) != 0 {
            throw TLSError("https \(what) \(file)", reason: String(cString: strerror(errno)))
        }
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.fromQueue("https: SSL_CTX_new")
        }
        self.context = context
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1 else {
            throw TLSError.fromQueue("https cert \(certificateFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("https key \(keyFile)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromQueue("https key \(keyFile) does not match cert \(certificateFile)")
        }
        _ = srs_ssl_ctx_set_min_tls12(context)
        _ = srs_ssl_ctx_set_mode(context, srs_ssl_mode_partial_moving())
        _ = SSL_CTX_set_options(context, UInt64(srs_ssl_server_options()))
        srs_ssl_ctx_set_alpn_http11(context)
    }

    deinit { SSL_CTX_free(context) }

    /// The certificate's subject (`CN=...`), for the log.
    public var subject: String {
        guard let certificate = SSL_CTX_get0_certificate(context),
              let name = X509_get_subject_name(certificate),
              let text = X509_NAME_oneline(name, nil, 0) else { return "?" }
        defer { CRYPTO_free(text, nil, 0) }
        return String(cString: text)
    }
}
