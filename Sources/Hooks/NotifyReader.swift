import Clients
import Core
import HTTP
import IO

/// Reads an on_hls_notify answer up to a byte limit, then hangs up (SRS reads `hls_nb_notify`
/// bytes, typically to warm a CDN); the outcome is only logged.
final class NotifyReader: HTTPClientStreamDelegate {
    private let limit: Int
    private let url: String
    private let cid: String
    private let started: Int64
    private unowned let loop: EventLoop
    private let done: () -> Void
    var client: HTTPClient?
    private var status = 0
    private var read = 0

    init(limit: Int, url: String, cid: String, started: Int64, loop: EventLoop, done: @escaping () -> Void) {
        self.limit = limit
        self.url = url
        self.cid = cid
        self.started = started
        self.loop = loop
        self.done = done
    }

    func httpClient(_ client: HTTPClient, didReceive head: HTTPClientResponseHead) { status = head.status.code }

    func httpClient(_ client: HTTPClient, didReceiveBody bytes: [UInt8]) {
        read += bytes.count
        if read >= limit {
            client.cancel()
            finish(nil)
        }
    }

    func httpClient(_ client: HTTPClient, didEndWith error: (any Error)?) { finish(error) }

    private func finish(_ error: (any Error)?) {
        guard self.client != nil else { return }
        self.client = nil
        let spent = loop.now - started
        if let error {
            log.warn("http hook on_hls_notify failed, ignored. url=\(url), \(error), spent=\(spent)ms", cid: ContextID(cid))
        } else {
            log.trace("http hook on_hls_notify success. client_id=\(cid), url=\(url), code=\(status), spent=\(spent)ms, "
                      + "read=\(read)B", cid: ContextID(cid))
        }
        done()
    }
}
