import Codec
import Core

extension HLSMuxer {
    /// Closes the current segment and opens the next one.
    func reap(discontinuity: Bool) {
        closeSegment()
        guard phase == .publishing else { return }
        if discontinuity { discontinuityPending = true }
        openSegment()
    }

    /// Opens a segment: sequence number, file name from the templates, playlist URI.
    func openSegment() {
        let sequence = nextSequence
        let encryption = prepareEncryption(forSegment: sequence)
        // A failed key write with hls_on_error ignore/disconnect turned HLS off.
        guard phase == .publishing else { return }
        nextSequence += 1
        let now = wallNow()
        var name = HLSPathTemplate.stream(settings.tsFile, vhost: key.vhost, app: key.app, stream: key.stream)
        if settings.tsFloor {
            let floor = floorClock.next(nowMillis: now, fragmentMillis: settings.fragmentMillis)
            name = name.replacing("[timestamp]", with: String(floor))
            segmenter.floorDeviation = floorClock.deviation
        }
        name = HLSPathTemplate.sequence(HLSPathTemplate.time(name, wallMillis: now, utc: settings.utcTime), sequence)
        let path = settings.path + "/" + name
        let uri = HLSPathTemplate.uri(tsPath: path, m3u8Directory: m3u8Directory, m3u8URL: m3u8URL,
                                      entryPrefix: settings.entryPrefix)
        current = HLSOpenSegment(sequence: sequence, path: path, uri: uri, discontinuity: discontinuityPending,
                                 encryption: encryption)
        discontinuityPending = false
        segmenter.startSegment()
        var streams = builder.knownStreams
        if settings.videoCodec == .none { streams.removeAll { $0.isVideo } }
        if settings.audioCodec == .none { streams.removeAll { !$0.isVideo } }
        writer.startSegment(streams: streams)
        segmentBytes.removeAll(keepingCapacity: true)
    }

    /// Closes the current segment: drops it when shorter than 100 ms, else writes it, appends it
    /// to the window, rewrites the playlist and deletes what left the window.
    func closeSegment() {
        flushPendingAudio()
        guard let segment = current else { return }
        current = nil
        let duration = segmenter.durationMillis
        guard segmenter.hasFrames, duration >= HLSSegmenter.minSegmentMillis else {
            // SRS compat: too short to play; its sequence number is reused.
            nextSequence = segment.sequence
            if segment.discontinuity { discontinuityPending = true }
            if segmenter.hasFrames {
                counters.droppedSegments &+= 1
                log.trace("hls: drop ts segment, sequence_no=\(segment.sequence), uri=\(segment.uri), "
                    + "duration=\(duration)ms", cid: publisherID)
            }
            return
        }
        let path = HLSPathTemplate.duration(segment.path, millis: duration)
        var key: HLSKey?
        do {
            switch segment.encryption {
            case .none:
                break
            case .keyMissing:
                // Its key was never written (already reported): not published, in clear or at all.
                lose(segment)
                return
            case let .aes128(segmentKey, secret):
                try HLSCipher.encrypt(&segmentBytes, key: secret, iv: segmentKey.iv)
                key = segmentKey
            }
            try store.createDirectories(HLSPathTemplate.dirname(path))
            try store.writeAtomically(segmentBytes, to: path, temporaryPath: segment.path + ".tmp")
        } catch {
            lose(segment)
            fail(error)
            return
        }
        window.append(HLSSegment(sequence: segment.sequence, durationMillis: duration,
                                 discontinuity: segment.discontinuity, uri: segment.uri, path: path, key: key))
        counters.lastSegmentDurationMillis = duration
        let expired = window.shrink(windowMillis: settings.windowMillis)
        writePlaylist()
        if let onSegment {
            let directory = HLSPathTemplate.dirname(m3u8URL)
            let url = segment.uri.contains("://") || segment.uri.hasPrefix("/") || directory.isEmpty || directory == "."
                ? segment.uri : directory + "/" + segment.uri
            onSegment(HLSSegmentEvent(key: self.key, sequence: segment.sequence, durationMillis: duration, path: path,
                                      uri: segment.uri, url: url, m3u8Path: m3u8Path, m3u8URL: m3u8URL))
        }
        if settings.cleanup {
            for old in expired { removeQuietly(old.path) }
            removeUnusedKeys(of: expired)
        }
    }

    /// A segment that could not be published: its number is reused and the gap marked for players.
    private func lose(_ segment: HLSOpenSegment) {
        nextSequence = segment.sequence
        discontinuityPending = true
        counters.droppedSegments &+= 1
    }

    /// Rewrites the m3u8 (through `<m3u8>.temp`, renamed over the old one).
    func writePlaylist() {
        guard let text = HLSPlaylist.render(window.segments, maxTDMillis: settings.maxTDMillis) else { return }
        do {
            try store.createDirectories(m3u8Directory)
            try store.writeAtomically(Array(text.utf8), to: m3u8Path, temporaryPath: m3u8Path + ".temp")
        } catch {
            fail(error)
        }
    }
}
