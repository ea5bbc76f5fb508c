import API
import Cluster
import Config
import Core
import IO
import Live

extension ServerConfig {
    /// `forward` destinations by vhost (own vhost, else the default one); nil when off.
    func forwardLookup() -> (String) -> [String]? {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name), vhost.enabled, vhost.forward.enabled else { return nil }
            return vhost.forward.destinations
        }
    }

    /// A vhost's chunk size and play settings (the relay's queue).
    func relayPlayLookup() -> (String) -> (chunkSize: UInt32, play: PlaySettings) {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name) else { return (60000, PlaySettings()) }
            return (UInt32(clamping: vhost.chunkSize), vhost.playSettings)
        }
    }
}

/// `forward`: every local publish relayed to the vhost's destinations.
final class ForwardRole: ServerService {
    let forward: ForwardService

    init(loop: EventLoop, resolver: Resolver, config: ServerConfig) {
        forward = ForwardService(loop: loop, resolver: resolver, destinationsLookup: config.forwardLookup(),
                                 playLookup: config.relayPlayLookup())
    }

    /// Destinations apply to the next publish; running relays keep their server.
    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        forward.destinationsLookup = config.forwardLookup()
        forward.playLookup = config.relayPlayLookup()
    }

    func drain() {}

    func stop() { forward.stopAll() }

    /// A stream's forward destinations for the API.
    func snapshots(of key: StreamKey) -> [UpstreamSnapshot] {
        forward.status(of: key).map {
            UpstreamSnapshot(direction: "forward", state: $0.state.rawValue, origin: $0.origin, bytes: Int64($0.bytes),
                             reconnects: Int64($0.reconnects), redirects: 0, lastError: $0.lastError)
        }
    }
}
