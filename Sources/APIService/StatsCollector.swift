import API
import Core
import Live

/// Turns live sources and clients into the API's stream, client and vhost objects, with stable
/// ids and 30-second kbps sampled every 3 seconds (srs-facts §9.2).
final class StatsCollector {
    let registry: SourceRegistry
    let clients: ClientRegistry
    /// Vhost facts the API shows (`enabled`, HLS), by name.
    var vhostInfo: (String) -> APIVhostInfo
    /// Edge streams' upstreams (set by the root when the process has edge vhosts).
    var upstreamLookup: (StreamKey) -> UpstreamSnapshot? = { _ in nil }
    /// A stream's forward destinations.
    var forwardLookup: (StreamKey) -> [UpstreamSnapshot] = { _ in [] }
    /// A stream's recording.
    var recordingLookup: (StreamKey) -> RecordingSnapshot? = { _ in nil }
    /// `workers N`: ids shared by every worker (by stream url / vhost name); nil: this one's.
    var sharedID: ((String) -> String)?
    /// `workers N`: whether this worker pulls the stream from another worker.
    var isWorkerPull: (StreamKey) -> Bool = { _ in false }
    private var streamIDs: [StreamKey: String] = [:]
    private var vhostIDs: [String: String] = [:]
    private var streamTraffic: [StreamKey: TrafficSampler] = [:]
    private var clientTraffic: [String: TrafficSampler] = [:]
    private var vhostTraffic: [String: TrafficSampler] = [:]
    private var codecs: [StreamKey: CodecInfo] = [:]
    /// Bytes of clients that already left, per stream and vhost (totals never go backwards).
    private var departedSend: [StreamKey: UInt64] = [:]
    /// Messages dropped for players that already left, per stream.
    private var departedDrops: [StreamKey: UInt64] = [:]

    init(registry: SourceRegistry, clients: ClientRegistry, vhostInfo: @escaping (String) -> APIVhostInfo) {
        self.registry = registry
        self.clients = clients
        self.vhostInfo = vhostInfo
    }

    /// The id of a stream the API has already listed (nil before).
    func existingStreamID(_ key: StreamKey) -> String? { streamIDs[key] }

    func streamID(_ key: StreamKey) -> String {
        if let id = streamIDs[key] { return id }
        let id = sharedID?("stream " + key.url) ?? "vid-" + ContextID.randomToken(length: 7)
        streamIDs[key] = id
        return id
    }

    func vhostID(_ name: String) -> String {
        if let id = vhostIDs[name] { return id }
        let id = sharedID?("vhost " + name) ?? "vid-" + ContextID.randomToken(length: 7)
        vhostIDs[name] = id
        return id
    }

    /// Streams shown: those with a publisher or players (an entry disappears when both are gone).
    private var visibleSources: [LiveSource] {
        registry.sources.values.filter { $0.isPublishing || !$0.consumers.isEmpty }
    }

    private func sendBytes(of key: StreamKey, clients group: [StatClient]) -> UInt64 {
        group.filter { !$0.isPublishClient }.reduce(departedSend[key] ?? 0) { $0 + $1.clientBytesSent }
    }

    /// Called every 3 seconds.
    func sample(nowMillis: Int64) {
        var byStream: [StreamKey: [StatClient]] = [:]
        for client in clients.clients.values {
            if let key = client.clientStream { byStream[key, default: []].append(client) }
            clientTraffic[client.clientID.value, default: TrafficSampler()].sample(
                recvBytes: client.clientBytesReceived, sendBytes: client.clientBytesSent, nowMillis: nowMillis)
        }
        let live = Set(clients.clients.keys)
        clientTraffic = clientTraffic.filter { live.contains($0.key) }
        var vhostBytes: [String: (UInt64, UInt64)] = [:]
        for source in registry.sources.values {
            let key = source.key
            let send = sendBytes(of: key, clients: byStream[key] ?? [])
            streamTraffic[key, default: TrafficSampler()].sample(
                recvBytes: source.stats.bytesReceived, sendBytes: send, nowMillis: nowMillis)
            let total = vhostBytes[key.vhost] ?? (0, 0)
            vhostBytes[key.vhost] = (total.0 + source.stats.bytesReceived, total.1 + send)
        }
        for (vhost, bytes) in vhostBytes {
            vhostTraffic[vhost, default: TrafficSampler()].sample(recvBytes: bytes.0, sendBytes: bytes.1, nowMillis: nowMillis)
        }
    }

    /// Remembers the bytes of a client that leaves, so stream totals stay monotonic.
    func clientWillLeave(_ client: StatClient) {
        guard let key = client.clientStream, !client.isPublishClient else { return }
        departedSend[key, default: 0] += client.clientBytesSent
        departedDrops[key, default: 0] += client.clientDroppedMessages
    }

    func streams() -> [StreamSnapshot] {
        // The clients are grouped once, not scanned once per stream.
        var byStream: [StreamKey: [StatClient]] = [:]
        for client in clients.clients.values {
            if let key = client.clientStream { byStream[key, default: []].append(client) }
        }
        return visibleSources.map { snapshot($0, clients: byStream[$0.key] ?? []) }.sorted { $0.id < $1.id }
    }

    /// `workers N`: streams this worker no longer has (its pulled copy went with its last
    /// player) whose departed players sent or dropped something, as residues for the merge — on
    /// one worker those counters stay with the stream, which the publisher keeps listed.
    func residues() -> [StreamSnapshot] {
        let visible = Set(visibleSources.map(\.key))
        let keys = Set(departedSend.keys).union(departedDrops.keys).subtracting(visible)
        return keys.map { key in
            var residue = StreamSnapshot(id: streamID(key), name: key.stream, vhost: vhostID(key.vhost), app: key.app,
                                         tcUrl: "", url: key.url, liveMs: Clock.wallMillis(),
                                         sendBytes: Int64(clamping: departedSend[key] ?? 0))
            residue.vhostName = key.vhost
            residue.droppedMessages = Int64(clamping: departedDrops[key] ?? 0)
            residue.workerPull = true
            residue.residue = true
            return residue
        }
    }

    func stream(id: String) -> StreamSnapshot? {
        guard let key = streamIDs.first(where: { $0.value == id })?.key, let source = registry.source(for: key) else { return nil }
        return snapshot(source, clients: clients.clients(of: key))
    }

    private func snapshot(_ source: LiveSource, clients group: [StatClient]) -> StreamSnapshot {
        let key = source.key
        var codec = codecs[key] ?? CodecInfo()
        codec.update(videoHeader: source.meta.videoSequenceHeader, audioHeader: source.meta.audioSequenceHeader,
                     parseSPS: vhostInfo(key.vhost).parseSPS)
        codecs[key] = codec
        let publisher = group.first { $0.isPublishClient }
        var snapshot = StreamSnapshot(
            id: streamID(key), name: key.stream, vhost: vhostID(key.vhost), app: key.app,
            tcUrl: publisher?.clientTcUrl ?? "", url: key.url, liveMs: Clock.wallMillis(),
            // SRS compat: the stream's clients (publisher and players, HLS sessions too); an edge's
            // pull and push are not clients.
            clients: Int64(group.count),
            frames: Int64(source.stats.videoFrames), sendBytes: Int64(sendBytes(of: key, clients: group)),
            recvBytes: Int64(source.stats.bytesReceived), kbps: streamTraffic[key]?.snapshot ?? KbpsSnapshot(),
            publishActive: source.isPublishing, publisherID: source.lastPublisherID?.value,
            video: source.isPublishing ? codec.video : nil, audio: source.isPublishing ? codec.audio : nil,
            upstream: upstreamLookup(key))
        snapshot.forwards = forwardLookup(key)
        snapshot.recording = recordingLookup(key)
        snapshot.vhostName = key.vhost
        snapshot.players = Int64(group.filter { !$0.isPublishClient }.count)
        snapshot.droppedMessages = Int64(clamping: group.reduce(departedDrops[key] ?? 0) { $0 + $1.clientDroppedMessages })
        snapshot.workerPull = isWorkerPull(key)
        return snapshot
    }

    func clientList() -> [ClientSnapshot] {
        clients.clients.values.map(snapshot).sorted { $0.id < $1.id }
    }

    func client(id: String) -> ClientSnapshot? {
        clients.client(id: id).map(snapshot)
    }

    private func snapshot(_ client: StatClient) -> ClientSnapshot {
        let key = client.clientStream
        return ClientSnapshot(
            id: client.clientID.value, vhost: vhostID(key?.vhost ?? StreamKey.defaultVhost),
            stream: key.map(streamID) ?? "", ip: client.clientIP, pageUrl: client.clientPageUrl,
            swfUrl: client.clientSwfUrl, tcUrl: client.clientTcUrl, url: key?.url ?? "", name: key?.stream ?? "",
            type: client.clientType ?? "unknown", publish: client.isPublishClient,
            alive: Double(Clock.wallMillis() - client.clientConnectedAt) / 1000,
            sendBytes: Int64(client.clientBytesSent), recvBytes: Int64(client.clientBytesReceived),
            kbps: clientTraffic[client.clientID.value]?.snapshot ?? KbpsSnapshot(),
            dropped: Int64(clamping: client.clientDroppedMessages))
    }

    /// Vhosts that have seen traffic (SRS lists only those).
    func vhosts() -> [VhostSnapshot] {
        var names = Set(registry.sources.keys.map(\.vhost))
        for client in clients.clients.values { if let vhost = client.clientStream?.vhost { names.insert(vhost) } }
        return names.map(vhostSnapshot).sorted { $0.id < $1.id }
    }

    func vhost(id: String) -> VhostSnapshot? {
        guard let name = vhostIDs.first(where: { $0.value == id })?.key else { return nil }
        return vhostSnapshot(name)
    }

    private func vhostSnapshot(_ name: String) -> VhostSnapshot {
        let info = vhostInfo(name)
        let sources = registry.sources.values.filter { $0.key.vhost == name }
        let members = clients.clients.values.filter { $0.clientStream?.vhost == name }
        let recv = sources.reduce(UInt64(0)) { $0 + $1.stats.bytesReceived }
        let send = sources.reduce(UInt64(0)) { $0 + sendBytes(of: $1.key, clients: clients.clients(of: $1.key)) }
        return VhostSnapshot(id: vhostID(name), name: name, enabled: info.enabled, clients: Int64(members.count),
                             streams: Int64(sources.filter { $0.isPublishing }.count), sendBytes: Int64(send),
                             recvBytes: Int64(recv), kbps: vhostTraffic[name]?.snapshot ?? KbpsSnapshot(),
                             hlsEnabled: info.hlsEnabled, hlsFragment: info.hlsFragment)
    }
}

/// What the API shows about a vhost's config.
public struct APIVhostInfo: Sendable {
    public var enabled: Bool
    public var hlsEnabled: Bool
    public var hlsFragment: Double
    /// `publish.parse_sps`: off leaves the picture size unknown (0), as in SRS.
    public var parseSPS: Bool

    public init(enabled: Bool = true, hlsEnabled: Bool = false, hlsFragment: Double = 10, parseSPS: Bool = true) {
        self.parseSPS = parseSPS
        self.enabled = enabled
        self.hlsEnabled = hlsEnabled
        self.hlsFragment = hlsFragment
    }
}
