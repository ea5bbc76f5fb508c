import Clients
import Codec
import IO
import RTMP

/// An edge pull over RTMP: an `RTMPClient` playing the stream from one origin.
final class RTMPPullUpstream: EdgeUpstream, RTMPClientDelegate {
    let client: RTMPClient
    weak var delegate: EdgeUpstreamDelegate?

    init(loop: EventLoop, resolver: Resolver, origin: OriginEndpoint, url: UpstreamURL, identity: AMF0Object?,
         settings: EdgeSettings) {
        let request = RTMPClientRequest(role: .play, tcUrl: url.tcUrl, app: url.app, stream: url.stream,
                                        identity: identity, chunkSize: settings.chunkSize)
        client = RTMPClient(loop: loop, resolver: resolver, host: origin.host, port: origin.port, request: request,
                            timeouts: RTMPClientTimeouts(connectMillis: 3000, startMillis: 5000,
                                                         readMillis: settings.readTimeoutMillis))
        client.delegate = self
    }

    var endpoint: String { client.endpoint }
    var bytesReceived: UInt64 { client.bytesReceived }
    func start() { client.start() }
    func stop() { client.stop() }

    func rtmpClientDidStart(_ client: RTMPClient) { delegate?.upstreamDidStart(self) }
    func rtmpClient(_ client: RTMPClient, didReceive packet: MediaPacket) { delegate?.upstream(self, didReceive: packet) }
    func rtmpClientDidDrain(_ client: RTMPClient) {}
    func rtmpClient(_ client: RTMPClient, didEndWith error: (any Error)?, redirect: String?) {
        delegate?.upstream(self, didEndWith: error, redirect: redirect)
    }
}
