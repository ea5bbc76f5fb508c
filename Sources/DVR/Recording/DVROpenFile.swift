import Codec
import Core
import Live

/// The file a recording is writing: its muxer, its temporary file and the bytes not written yet.
final class DVROpenFile {
    /// The path as built from `dvr_path` (SRS's on_dvr `file`), and where the bytes go until close.
    let path: String
    let temporaryPath: String
    let container: DVRContainer
    let openedAt: Int64
    private(set) var muxer: any DVRMuxer
    private let handle: DVRFileHandle
    /// Bytes produced but not written yet (written in batches of `flushThreshold`).
    private var pending: [UInt8] = []
    /// Bytes that reached the file: whole packets, since a batch ends after a packet.
    private(set) var writtenBytes: Int64 = 0
    private(set) var segmenter: DVRSegmenter
    var jitter: JitterCorrector
    /// `time_jitter full`: the first A/V timestamp of the file, subtracted so the file starts at 0
    /// (the corrector puts its first packet at 10 ms; SRS's at 9).
    private var fullJitterBase: Int64?

    /// SRS compat: `SRS_FWRITE_CACHE_SIZE`, the write batch.
    static let flushThreshold = 64 * 1024

    init(path: String, container: DVRContainer, handle: DVRFileHandle, settings: DVRSettings, streamHasVideo: Bool,
         wallMillis: Int64) {
        self.path = path
        temporaryPath = path + ".tmp"
        self.container = container
        self.handle = handle
        openedAt = wallMillis
        switch container {
        case .flv: muxer = FLVFileWriter()
        case .mp4: muxer = MP4Muxer(wallMillis: wallMillis)
        }
        segmenter = DVRSegmenter(settings: settings)
        segmenter.streamHasVideo = streamHasVideo
        jitter = JitterCorrector(mode: settings.jitter)
        pending.reserveCapacity(Self.flushThreshold * 2)
        muxer.start(into: &pending)
    }

    /// Bytes of the file so far (written or pending).
    var bytes: Int64 { muxer.offset }
    var durationMillis: Int64 { segmenter.durationMillis }
    var hasMedia: Bool { muxer.hasMedia }

    func decide(_ packet: MediaPacket) -> DVRSegmenter.Decision { segmenter.decide(packet) }

    func needsNewFile(for packet: MediaPacket) -> Bool { muxer.needsNewFile(for: packet) }

    /// Corrects the timestamp and muxes `packet`; a full batch is written out.
    /// A muxer error concerns this packet only; a disk error ends the file.
    func write(_ packet: MediaPacket) throws(DVRError) {
        var corrected = packet
        corrected.timestamp = jitter.correct(packet.timestamp, isAV: packet.kind != .script)
        if jitter.mode == .full && packet.kind != .script {
            let base = fullJitterBase ?? corrected.timestamp
            fullJitterBase = base
            corrected.timestamp -= base
        }
        try muxer.write(corrected, into: &pending)
        segmenter.append(corrected, at: corrected.timestamp)
        if pending.count >= Self.flushThreshold { try flush() }
    }

    /// Ends the muxer, writes the rest, patches, closes the descriptor (also after a failure).
    func finish() throws(DVRError) {
        do {
            let patches = muxer.finish(durationMillis: segmenter.durationMillis, into: &pending)
            try flush()
            for patch in patches { try handle.overwrite(patch.bytes, at: patch.offset) }
        } catch {
            abandon()
            throw error
        }
        try handle.close()
    }

    /// Closes the descriptor after a failure; the bytes not written are dropped.
    func abandon() {
        pending = []
        do {
            try handle.close()
        } catch {
            // The file is being given up already; its first error is the one reported.
        }
    }

    private func flush() throws(DVRError) {
        guard !pending.isEmpty else { return }
        try handle.append(pending)
        writtenBytes += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }
}
