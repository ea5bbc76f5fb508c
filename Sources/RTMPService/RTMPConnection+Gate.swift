import Core
import Live
import RTMP

extension RTMPConnection {
    /// Runs `proceed` once an outside answer allows it (a hook, a token traverse): `ask` starts the
    /// question and returns false when there is none to ask (then `proceed` runs at once). While
    /// the answer is awaited the connection reads nothing more, and messages already read are kept
    /// and handled in order afterwards. A refusal ends the connection (`refused` says how).
    func gate(_ ask: (@escaping ((any Error)?) -> Void) -> Bool,
              refused: ((any Error) -> Void)? = nil,
              then proceed: @escaping () throws -> Void) throws {
        var answeredAt: (any Error)??
        var waiting = false
        // `self` is captured strongly: the asker holds the answer for a bounded time (hook and
        // traverse timeouts), and `answered` checks the connection is still open. A weak capture
        // would give every connection a side table (slow retains on the whole fan-out path).
        let asked = ask { [self] error in
            guard waiting else {
                answeredAt = .some(error)
                return
            }
            self.answered(error, refused: refused, proceed: proceed)
        }
        guard asked else {
            try proceed()
            return
        }
        if let early = answeredAt {
            // Answered inside `ask` (never by the services here, but harmless).
            if let error = early { (refused ?? fail)(error) } else { try proceed() }
            return
        }
        waiting = true
        holdCount += 1
        connection.setReadPaused(true)
    }

    private func answered(_ error: (any Error)?, refused: ((any Error) -> Void)?, proceed: () throws -> Void) {
        holdCount -= 1
        guard !connection.isClosed else { return }
        if case .closed = phase { return }
        if let error {
            log.warn("rtmp: refused: \(error)", cid: cid)
            (refused ?? fail)(error)
            return
        }
        do {
            try proceed()
            try releaseHeld()
        } catch {
            fail(error)
        }
    }

    /// Handles the messages read while the flow was held, then reads on.
    func releaseHeld() throws {
        guard holdCount == 0 else { return }
        connection.setReadPaused(false)
        while holdCount == 0, !heldMessages.isEmpty {
            let raw = heldMessages.removeFirst()
            try handle(raw)
            if connection.isClosed { return }
        }
        if holdCount == 0 { flushPlayer() }
    }
}
