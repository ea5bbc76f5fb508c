import Config
import Core
import HLS
import Live

extension HLSConfig {
    /// The HLS muxer's view of `hls {}`.
    func settings(utcTime: Bool) -> HLSSettings {
        HLSSettings(enabled: enabled, fragment: fragment, tdRatio: tdRatio, aofRatio: aofRatio, window: window,
                    onError: HLSSettings.OnError(rawValue: onError.rawValue) ?? .continue, path: path,
                    m3u8File: m3u8File, tsFile: tsFile, tsFloor: tsFloor, entryPrefix: entryPrefix,
                    audioCodec: HLSSettings.AudioCodec(rawValue: audioCodec.rawValue) ?? .aac,
                    videoCodec: HLSSettings.VideoCodec(rawValue: videoCodec.rawValue) ?? .h264,
                    cleanup: cleanup, dispose: dispose, waitKeyframe: waitKeyframe, utcTime: utcTime,
                    keys: keys, fragmentsPerKey: fragmentsPerKey, keyFile: keyFile, keyFilePath: keyFilePath,
                    keyURL: keyURL)
    }
}

extension ServerConfig {
    /// HLS settings by vhost name (own vhost, else the default one).
    func hlsLookup() -> (String) -> HLSSettings? {
        let resolve = vhostResolver()
        let utc = utcTime
        return { name in
            guard let vhost = resolve(name), vhost.enabled else { return nil }
            var settings = vhost.hls.settings(utcTime: utc)
            settings.annexbFirst = vhost.publish.tryAnnexbFirst
            return settings
        }
    }
}

extension Server {
    /// HLS muxers follow publishes; a 1 s timer disposes files of streams that stopped.
    func startHLS() {
        let service = HLSService(settingsLookup: config.hlsLookup())
        service.disconnectPublisher = { [unowned self] key in
            // Deferred: the request comes from inside packet delivery.
            self.loop.deferToIterationEnd {
                for client in self.clients.clients(of: key) where client.isPublishClient { client.kick() }
            }
        }
        service.onSegment = { [unowned self] event in self.hookRole.hlsSegment(event, clients: self.clients) }
        service.parking = group?.hlsParking
        service.disposesParked = workerIndex == 0
        hls = service
        hlsTimer = loop.scheduleRepeating(every: 1000) { [unowned self] in
            self.hls?.tick(nowMillis: Clock.monotonicMillis(), sources: self.registry)
        }
    }
}
