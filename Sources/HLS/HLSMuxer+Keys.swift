import Core

/// `hls_keys` (SRS `SrsHlsMuxer::write_hls_key`): a new random key and IV at every segment whose
/// sequence number is a multiple of `hls_fragments_per_key`, written to its own file before the
/// segment opens; every segment is then encrypted at close (see `HLSCipher`).
extension HLSMuxer {
    /// How the segment `sequence` is encrypted, making and writing a new key when it starts one.
    /// A key that cannot be made or written follows `hls_on_error`; the segment is then never
    /// published (no clear segment leaves a stream that asked for encryption), and the next
    /// segment tries a new key.
    func prepareEncryption(forSegment sequence: Int) -> HLSOpenSegment.Encryption {
        guard settings.keys else { return .none }
        // SRS compat: rotation points are sequence numbers, not counts since the publish; a
        // republish continues the key it left (its file is kept while its segments are listed).
        if let currentKey, sequence % settings.segmentsPerKey != 0 {
            return .aes128(key: currentKey.key, secret: currentKey.secret)
        }
        do {
            let made = try makeKey(sequence: sequence)
            currentKey = made
            return .aes128(key: made.key, secret: made.secret)
        } catch {
            currentKey = nil
            fail(error)
            return .keyMissing
        }
    }

    /// A fresh key for the segment `sequence`: random key and IV, its file written through a
    /// `.tmp` file and renamed (SRS writes it in place).
    private func makeKey(sequence: Int) throws(HLSError) -> (key: HLSKey, secret: [UInt8]) {
        let secret = try randomBytes(HLSCipher.blockSize)
        let iv = try randomBytes(HLSCipher.blockSize)
        let name = HLSPathTemplate.sequence(
            HLSPathTemplate.stream(settings.keyFile, vhost: key.vhost, app: key.app, stream: key.stream), sequence)
        let path = settings.keyFilePath + "/" + name
        try store.createDirectories(HLSPathTemplate.dirname(path))
        try store.writeAtomically(secret, to: path, temporaryPath: path + ".tmp")
        let uri = HLSPathTemplate.keyURI(keyName: name, keyPath: path, m3u8Directory: m3u8Directory,
                                         keyURL: settings.keyURL)
        return (HLSKey(sequence: sequence, path: path, uri: uri, iv: iv), secret)
    }

    /// `hls_cleanup`: deletes the key files of `expired` segments unless a listed segment or the
    /// current key still uses them (SRS never deletes key files).
    func removeUnusedKeys(of expired: [HLSSegment]) {
        let candidates = Set(expired.compactMap { $0.key?.path })
        guard !candidates.isEmpty else { return }
        var inUse = Set(window.segments.compactMap { $0.key?.path })
        if let currentKey { inUse.insert(currentKey.key.path) }
        for path in candidates.subtracting(inUse).sorted() { removeQuietly(path) }
    }

    /// Dispose: deletes the key files of `removed` and the current key; returns how many.
    func disposeKeys(of removed: [HLSSegment]) -> Int {
        var paths = Set(removed.compactMap { $0.key?.path })
        if let currentKey { paths.insert(currentKey.key.path) }
        currentKey = nil
        for path in paths.sorted() { removeQuietly(path) }
        return paths.count
    }
}
