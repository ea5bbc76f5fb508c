import Clients
import Codec
import Core
import IO
import Live
import RTMP

/// `token_traverse on` (srs-facts §10): before an edge serves a client it asks the origin whether
/// that client may connect, by repeating the client's own connect (tcUrl and connect properties,
/// so a token in them reaches the origin's hooks). Origins are tried in list order: one that cannot
/// be reached passes the question to the next; one that rejects the client rejects it here.
final class TokenTraverse: RTMPClientDelegate {
    private unowned let service: EdgeService
    private let request: StreamRequest
    private let connectObject: AMF0Object
    private var remaining: [OriginEndpoint]
    private var client: RTMPClient?
    private var completion: ((Error?) -> Void)?

    init(service: EdgeService, request: StreamRequest, connectObject: AMF0Object, origins: [OriginEndpoint],
         completion: @escaping (Error?) -> Void) {
        self.service = service
        self.request = request
        self.connectObject = connectObject
        remaining = origins
        self.completion = completion
    }

    func start() { tryNext(lastError: nil) }

    private func tryNext(lastError: String?) {
        guard !remaining.isEmpty else {
            finish(EdgeError.noOriginReachable(lastError ?? "no origin configured"))
            return
        }
        let origin = remaining.removeFirst()
        let probe = RTMPClientRequest(role: .probe, tcUrl: request.tcUrl, app: request.key.app, stream: "",
                                      pageUrl: request.pageUrl)
        var extras = connectObject
        extras["tcUrl"] = nil
        extras["app"] = nil
        let client = RTMPClient(loop: service.loop, resolver: service.resolver, host: origin.host, port: origin.port,
                                request: probe, timeouts: RTMPClientTimeouts(connectMillis: 3000, startMillis: 3000, readMillis: 0),
                                connectExtras: extras)
        client.delegate = self
        self.client = client
        client.start()
    }

    func rtmpClientDidStart(_ client: RTMPClient) {
        log.trace("edge token auth ok, tcUrl=\(request.tcUrl), origin=\(client.endpoint)")
        client.stop()
        finish(nil)
    }

    func rtmpClient(_ client: RTMPClient, didReceive packet: MediaPacket) {}
    func rtmpClientDidDrain(_ client: RTMPClient) {}

    func rtmpClient(_ client: RTMPClient, didEndWith error: (any Error)?, redirect: String?) {
        self.client = nil
        if let rejected = error as? RTMPClientError {
            finish(EdgeError.tokenRejected("\(rejected)"))
        } else {
            tryNext(lastError: error.map { "\($0)" })
        }
    }

    private func finish(_ error: Error?) {
        guard let completion else { return }
        self.completion = nil
        completion(error)
    }
}

/// Why an edge refused a client.
public enum EdgeError: Error, CustomStringConvertible, SRSCoded {
    case noOriginReachable(String)
    case tokenRejected(String)

    public var description: String {
        switch self {
        case .noOriginReachable(let why): return "edge token traverse: no origin reachable, \(why)"
        case .tokenRejected(let why): return "edge token traverse: origin rejected the client, \(why)"
        }
    }

    public var srsCode: Int { SRSErrorCode.edgePortInvalid }
}
