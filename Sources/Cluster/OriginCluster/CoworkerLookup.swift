import Clients
import Core
import HTTP
import IO
import Live

/// One origin-cluster question (srs-facts §11): "who publishes this stream?", asked of every
/// coworker at once — SRS asks them one after the other — each with its own timeout, never
/// blocking the loop. The answer is SRS's: the first coworker *in config order* that has the
/// stream, so the outcome does not depend on who answers fastest.
final class CoworkerLookup {
    private var clients: [Int: HTTPClient] = [:]
    private var answers: [ClusterAnswer??]
    private var completion: ((ClusterAnswer?) -> Void)?
    private let coworkers: [OriginEndpoint]

    /// `query` is `vhost, ip (the host the client asked), app, stream`.
    init(loop: EventLoop, resolver: Resolver, coworkers: [OriginEndpoint], key: StreamKey, vhostAsked: String,
         clientHost: String, timeoutMillis: Int64, completion: @escaping (ClusterAnswer?) -> Void) {
        self.coworkers = coworkers
        self.completion = completion
        answers = Array(repeating: nil, count: coworkers.count)
        for (index, coworker) in coworkers.enumerated() {
            let target = "/api/v1/clusters?vhost=\(vhostAsked)&ip=\(clientHost)&app=\(key.app)&stream=\(key.stream)&coworker=\(coworker)"
            let host = coworker.host.contains(":") ? "[\(coworker.host)]" : coworker.host
            guard let url = try? HTTPURL(parsing: "http://\(host):\(coworker.port)\(target)") else {
                log.warn("origin cluster: cannot ask coworker \(coworker) for \(key.url): invalid URL")
                answers[index] = .some(nil)
                continue
            }
            let client = HTTPClient(loop: loop, resolver: resolver, url: url, request: HTTPClient.request("POST", url),
                                    timeoutMillis: timeoutMillis, mode: .buffered { [weak self] result in
                                        self?.answered(index, result, key: key)
                                    })
            clients[index] = client
        }
        for client in clients.values { client.start() }
        loop.deferToIterationEnd { [weak self] in self?.decide() }
    }

    func cancel() {
        completion = nil
        for client in clients.values { client.cancel() }
        clients.removeAll()
    }

    private func answered(_ index: Int, _ result: Result<HTTPClientResponse, any Error>, key: StreamKey) {
        clients[index] = nil
        switch result {
        case .success(let response):
            do {
                answers[index] = .some(try ClusterAnswer.parse(status: response.status.code, body: response.body))
            } catch {
                log.warn("origin cluster: coworker \(coworkers[index]) for \(key.url): \(error)")
                answers[index] = .some(nil)
            }
        case .failure(let error):
            log.warn("origin cluster: coworker \(coworkers[index]) for \(key.url): \(error)")
            answers[index] = .some(nil)
        }
        decide()
    }

    /// Ends as soon as every coworker before the first that has the stream said no.
    private func decide() {
        guard completion != nil else { return }
        for answer in answers {
            switch answer {
            case .none: return
            case .some(.none): continue
            case .some(.some(let found)):
                finish(found)
                return
            }
        }
        finish(nil)
    }

    private func finish(_ answer: ClusterAnswer?) {
        guard let completion else { return }
        self.completion = nil
        for client in clients.values { client.cancel() }
        clients.removeAll()
        completion(answer)
    }
}
