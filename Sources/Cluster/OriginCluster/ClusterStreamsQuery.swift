import API
import Clients
import Core
import HTTP
import IO

/// What one coworker said to `GET /api/v1/streams/` for a cluster-wide list.
public struct CoworkerStreams: Sendable {
    /// The coworker's API endpoint as configured (`host:port`).
    public var api: String
    /// Its stream objects, nil when it did not answer.
    public var streams: [JSONValue]?
    public var error: String

    public init(api: String, streams: [JSONValue]?, error: String) {
        self.api = api
        self.streams = streams
        self.error = error
    }
}

/// Beyond SRS (#1607: its API is per node): asks every other coworker for its streams at once,
/// each with a timeout, so any origin's API can answer for the whole cluster.
final class ClusterStreamsQuery {
    private var clients: [Int: HTTPClient] = [:]
    private var results: [CoworkerStreams?]
    private var completion: (([CoworkerStreams]) -> Void)?

    init(loop: EventLoop, resolver: Resolver, coworkers: [OriginEndpoint], timeoutMillis: Int64,
         completion: @escaping ([CoworkerStreams]) -> Void) {
        results = Array(repeating: nil, count: coworkers.count)
        self.completion = completion
        for (index, coworker) in coworkers.enumerated() {
            let host = coworker.host.contains(":") ? "[\(coworker.host)]" : coworker.host
            guard let url = try? HTTPURL(parsing: "http://\(host):\(coworker.port)/api/v1/streams/?count=10000") else {
                results[index] = CoworkerStreams(api: coworker.description, streams: nil, error: "invalid address")
                continue
            }
            clients[index] = HTTPClient(loop: loop, resolver: resolver, url: url, request: HTTPClient.request("GET", url),
                                        timeoutMillis: timeoutMillis, mode: .buffered { [weak self] result in
                                            self?.answered(index, coworker.description, result)
                                        })
        }
        for client in clients.values { client.start() }
        loop.deferToIterationEnd { [weak self] in self?.finishIfDone() }
    }

    func cancel() {
        completion = nil
        for client in clients.values { client.cancel() }
        clients.removeAll()
    }

    private func answered(_ index: Int, _ api: String, _ result: Result<HTTPClientResponse, any Error>) {
        clients[index] = nil
        switch result {
        case .success(let response):
            if response.status.code == 200, let json = try? JSONParser.parse(response.body), json["code"]?.intValue == 0,
               let streams = json["streams"]?.arrayValue {
                results[index] = CoworkerStreams(api: api, streams: streams, error: "")
            } else {
                results[index] = CoworkerStreams(api: api, streams: nil, error: "invalid answer, HTTP \(response.status.code)")
            }
        case .failure(let error):
            results[index] = CoworkerStreams(api: api, streams: nil, error: "\(error)")
        }
        finishIfDone()
    }

    private func finishIfDone() {
        guard let completion, results.allSatisfy({ $0 != nil }) else { return }
        self.completion = nil
        completion(results.compactMap { $0 })
    }
}
