import API
import Clients
import Core
import HTTP
import IO

/// One hook event posted to its URLs in order (SRS: the first failure wins and the rest are not
/// called). Each POST runs on the loop with the non-blocking client and its own timeout; a call
/// still waiting after a second says so in the log, once.
final class HookCall {
    private unowned let loop: EventLoop
    private let resolver: Resolver
    private let action: String
    private let body: [UInt8]
    private let cid: String
    private let timeoutMillis: Int64
    private var urls: [String]
    private var client: HTTPClient?
    private var slowTimer: Timer?
    private var completion: ((HookError?) -> Void)?

    init(loop: EventLoop, resolver: Resolver, action: String, urls: [String], body: JSONValue, cid: String,
         timeoutMillis: Int64, completion: @escaping (HookError?) -> Void) {
        self.loop = loop
        self.resolver = resolver
        self.action = action
        self.urls = urls
        self.body = body.encodedBytes
        self.cid = cid
        self.timeoutMillis = timeoutMillis
        self.completion = completion
    }

    func start() { next() }

    func cancel() {
        completion = nil
        client?.cancel()
        client = nil
        loop.cancel(slowTimer)
    }

    private func next() {
        guard !urls.isEmpty else {
            finish(nil)
            return
        }
        let text = urls.removeFirst()
        let url: HTTPURL
        do {
            url = try HTTPURL(parsing: text)
        } catch {
            log.error("http hook \(action) url=\(text): \(error)", cid: ContextID(cid))
            finish(.invalidURL(text))
            return
        }
        let started = loop.now
        let request = HTTPClient.request("POST", url, body: body, contentType: "application/json")
        let client = HTTPClient(loop: loop, resolver: resolver, url: url, request: request, timeoutMillis: timeoutMillis,
                                mode: .buffered { [weak self] result in self?.answered(text, started, result) })
        self.client = client
        loop.cancel(slowTimer)
        slowTimer = loop.schedule(after: 1000) { [weak self] in
            guard let self else { return }
            log.warn("http hook \(self.action) url=\(text) still waiting after 1000ms (timeout \(self.timeoutMillis)ms)", cid: ContextID(self.cid))
        }
        client.start()
    }

    private func answered(_ url: String, _ started: Int64, _ result: Result<HTTPClientResponse, any Error>) {
        client = nil
        loop.cancel(slowTimer)
        slowTimer = nil
        let elapsed = loop.now - started
        let request = String(decoding: body, as: UTF8.self)
        switch result {
        case .failure(let error):
            log.error("http hook \(action) failed. client_id=\(cid), url=\(url), request=\(request), \(error), spent=\(elapsed)ms", cid: ContextID(cid))
            finish(.failed("\(error)"))
        case .success(let response):
            let text = HookReply.excerpt(response.bodyText)
            if let refusal = HookReply.check(status: response.status.code, body: response.body) {
                log.error("http hook \(action) failed. client_id=\(cid), url=\(url), request=\(request), response=\(text), "
                          + "code=\(response.status.code), \(refusal), spent=\(elapsed)ms", cid: ContextID(cid))
                finish(refusal)
            } else {
                log.trace("http hook \(action) success. client_id=\(cid), url=\(url), request=\(request), response=\(text), "
                          + "spent=\(elapsed)ms", cid: ContextID(cid))
                next()
            }
        }
    }

    private func finish(_ error: HookError?) {
        guard let completion else { return }
        self.completion = nil
        completion(error)
    }
}
