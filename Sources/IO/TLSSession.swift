import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The server side of one TLS session over a non-blocking socket: the handshake, reads and
/// writes driven by readiness (`SSL_ERROR_WANT_READ/WRITE`). Owned by a `Connection`.
///
/// Writes go through a staging record of up to 16 KiB copied from the connection's queue, so
/// a batch of small slices (FLV tag headers, chunk sizes) becomes full TLS records, and a write
/// that wants to be retried is retried with the very same bytes, as OpenSSL requires.
final class TLSSession {
    /// What one OpenSSL call came to.
    enum Step: Equatable {
        case done(Int)
        case wantRead
        case wantWrite
        /// The peer closed (close_notify, or EOF without one).
        case closed
        case failed(String)
    }

    private let ssl: OpaquePointer
    /// Kept for the life of the session (its certificate, as the handshake saw it).
    let context: TLSContext
    private(set) var isEstablished = false
    /// A fatal error happened: no close_notify may be sent (OpenSSL forbids `SSL_shutdown` then).
    private(set) var isBroken = false
    /// The last read stopped on WANT_WRITE / the last write on WANT_READ: the other readiness
    /// resumes it.
    var readWantsWrite = false
    var writeWantsRead = false
    var handshakeWantsWrite = false
    /// Writability matters beyond a blocked output queue.
    var needsWritable: Bool { readWantsWrite || handshakeWantsWrite }

    static let recordSize = 16 * 1024
    private let staging: UnsafeMutableRawPointer
    private var stagedStart = 0
    private var stagedEnd = 0

    init(context: TLSContext, fd: Int32) throws {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else { throw TLSError.fromQueue("https: SSL_new") }
        guard SSL_set_fd(ssl, fd) == 1 else {
            SSL_free(ssl)
            throw TLSError.fromQueue("https: SSL_set_fd")
        }
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.context = context
        staging = .allocate(byteCount: TLSSession.recordSize, alignment: 16)
    }

    deinit {
        SSL_free(ssl)
        staging.deallocate()
    }

    // MARK: handshake and reads

    /// Advances the handshake; `.done(0)` once established.
    func handshake() -> Step {
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        if rc == 1 {
            isEstablished = true
            return .done(0)
        }
        return step(for: rc)
    }

    /// Decrypts into `buffer`: `.done(n)` with n > 0, or why not.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Step {
        ERR_clear_error()
        let rc = SSL_read(ssl, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
        return rc > 0 ? .done(Int(rc)) : step(for: rc)
    }

    /// Decrypted bytes OpenSSL holds that the socket will not signal again.
    var hasBufferedInput: Bool { SSL_pending(ssl) > 0 }

    // MARK: writes

    var hasStagedOutput: Bool { stagedEnd > stagedStart }

    /// Copies bytes into the staging record (only when it is empty); returns how many it took.
    func stage(_ base: UnsafeRawPointer, count: Int) -> Int {
        if stagedStart == stagedEnd { stagedStart = 0; stagedEnd = 0 }
        let taken = min(count, TLSSession.recordSize - stagedEnd)
        guard taken > 0 else { return 0 }
        (staging + stagedEnd).copyMemory(from: base, byteCount: taken)
        stagedEnd += taken
        return taken
    }

    /// Room left in the staging record before it is written.
    var stagingRoom: Int { stagedStart == stagedEnd ? TLSSession.recordSize : TLSSession.recordSize - stagedEnd }

    /// Encrypts and sends staged bytes: `.done(n)` for the plaintext bytes sent (partial writes
    /// allowed); after WANT_READ/WANT_WRITE the same bytes are still staged for the retry.
    func writeStaged() -> Step {
        guard stagedEnd > stagedStart else { return .done(0) }
        ERR_clear_error()
        let rc = SSL_write(ssl, staging + stagedStart, Int32(stagedEnd - stagedStart))
        guard rc > 0 else { return step(for: rc) }
        stagedStart += Int(rc)
        return .done(Int(rc))
    }

    // MARK: closing

    /// Sends close_notify once, best effort (a full socket buffer just drops it): never after a
    /// fatal error, never before the handshake finished.
    func shutdown() {
        guard isEstablished, !isBroken else { return }
        isBroken = true
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// The negotiated protocol version (`TLSv1.3`), for the log.
    var version: String { String(cString: SSL_get_version(ssl)) }

    // MARK: errors

    private func step(for rc: Int32) -> Step {
        let code = SSL_get_error(ssl, rc)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            isBroken = true
            let saved = errno
            if let reason = TLSError.drainQueue() { return .failed(reason) }
            // EOF without close_notify (most clients), or a reset.
            if saved == 0 || saved == ECONNRESET || saved == EPIPE { return .closed }
            return .failed(String(cString: strerror(saved)))
        default:
            isBroken = true
            return .failed(TLSError.drainQueue() ?? "SSL error \(code)")
        }
    }
}
