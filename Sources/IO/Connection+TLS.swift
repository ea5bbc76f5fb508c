import Core
#if canImport(Glibc)
import Glibc
#endif

/// The HTTPS side of `Connection`: the handshake, decrypted reads into the same delegate path,
/// and the output queue (zero-copy slices included) encrypted record by record.
extension Connection {
    func handleSecureEvents(_ events: UInt32, _ tls: TLSSession) {
        if events & Events.error != 0 && events & Events.readable == 0 {
            close(IOError("socket", errno: Socket.pendingError(fd)))
            return
        }
        if !tls.isEstablished {
            guard advanceHandshake(tls) else { return }
        }
        let readable = events & (Events.readable | Events.hangup) != 0
        let writable = events & Events.writable != 0
        if writable || (readable && tls.writeWantsRead) {
            let wasBlocked = wantsWrite || tls.writeWantsRead
            do {
                if try flush(), wasBlocked { delegate?.connectionDidDrain(self) }
            } catch {
                close(error)
                return
            }
            if isClosed { return }
        }
        if !readPaused && (readable || (writable && tls.readWantsWrite)) { readSecure(tls) }
    }

    /// Returns true once the session is established (reading may go on in the same event: the
    /// client's first request often arrives with its last handshake message).
    private func advanceHandshake(_ tls: TLSSession) -> Bool {
        let step = tls.handshake()
        let wantsWritable = step == .wantWrite
        if tls.handshakeWantsWrite != wantsWritable {
            tls.handshakeWantsWrite = wantsWritable
            updateInterest()
        }
        switch step {
        case .done:
            return true
        case .wantRead, .wantWrite:
            return false
        case .closed:
            // The peer left before a session existed (a TCP probe, a client giving up): quiet.
            close(nil)
            return false
        case .failed(let reason):
            close(TLSError("https handshake with \(peer)", reason: reason))
            return false
        }
    }

    func readSecure(_ tls: TLSSession) {
        let buffer = loop.scratch
        for _ in 0..<64 {
            let step = tls.read(into: buffer)
            let wantsWritable = step == .wantWrite
            if tls.readWantsWrite != wantsWritable {
                tls.readWantsWrite = wantsWritable
                updateInterest()
            }
            switch step {
            case .done(let n):
                bytesReceived &+= UInt64(n)
                delegate?.connection(self, didRead: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                if isClosed || readPaused { return }
            case .wantRead, .wantWrite:
                return
            case .closed:
                close(nil)
                return
            case .failed(let reason):
                close(TLSError("https read from \(peer)", reason: reason))
                return
            }
        }
        resumeBufferedInput()
    }

    /// Decrypted input OpenSSL already holds raises no epoll event: read it at the end of this
    /// loop iteration (after a pause is lifted, or a long burst).
    func resumeBufferedInput() {
        loop.deferToIterationEnd { [weak self] in
            guard let self, !self.isClosed, !self.readPaused, let tls = self.tls, tls.isEstablished else { return }
            self.readSecure(tls)
        }
    }

    /// `flush` of an HTTPS connection: queued slices are copied into the session's staging
    /// record and written with `SSL_write`; a write that would block keeps its staged bytes for
    /// the retry. Returns true when everything was written.
    func flushSecure(_ tls: TLSSession) throws -> Bool {
        guard tls.isEstablished else { return queue.isEmpty }
        while true {
            if !tls.hasStagedOutput {
                while tls.stagingRoom > 0, let first = queue.first {
                    queue.consume(tls.stage(first.base, count: first.count))
                }
                if !tls.hasStagedOutput { break }
            }
            switch tls.writeStaged() {
            case .done(let written):
                bytesSent &+= UInt64(written)
                if tls.writeWantsRead {
                    tls.writeWantsRead = false
                    updateInterest()
                }
            case .wantWrite:
                if !wantsWrite {
                    wantsWrite = true
                    updateInterest()
                }
                return false
            case .wantRead:
                if !tls.writeWantsRead {
                    tls.writeWantsRead = true
                    updateInterest()
                }
                return false
            case .closed:
                throw IOError("SSL_write", errno: EPIPE)
            case .failed(let reason):
                throw TLSError("https write to \(peer)", reason: reason)
            }
        }
        lendBackOutput()
        if wantsWrite {
            wantsWrite = false
            updateInterest()
        }
        return true
    }
}
