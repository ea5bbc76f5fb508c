/// One track's sample tables as they grow (ISO/IEC 14496-12 §8.6–8.7), in milliseconds (the
/// track timescale is 1000, as FLV timestamps are).
///
/// Memory: about 4 bytes per sample plus 12 per chunk; durations and composition offsets are
/// run-length coded as they arrive.
struct MP4Track {
    enum Kind: Equatable, Sendable { case video, audio }

    let kind: Kind
    let id: UInt32
    var entry: MP4SampleEntry
    private(set) var sampleSizes: [UInt32] = []
    /// 1-based numbers of the sync samples (stss).
    private(set) var syncSamples: [UInt32] = []
    /// stts runs of the samples before the last one (its duration is known at the next sample).
    private(set) var durations: [MP4Run] = []
    /// ctts runs, one entry per sample.
    private(set) var compositionOffsets: [MP4Run] = []
    private(set) var chunkOffsets: [Int64] = []
    private(set) var chunkSampleCounts: [UInt32] = []
    /// DTS of the first sample, in ms on the file's timeline.
    private(set) var firstDTS: Int64?
    /// DTS of the last sample as the tables place it (never before the previous one).
    private(set) var lastDTS: Int64 = 0

    /// Duration given to the last sample when it is the only one (no delta to repeat).
    static let defaultVideoDuration: Int64 = 40
    static let defaultAudioDuration: Int64 = 23

    init(kind: Kind, id: UInt32, entry: MP4SampleEntry) {
        self.kind = kind
        self.id = id
        self.entry = entry
    }

    var sampleCount: Int { sampleSizes.count }
    var isEmpty: Bool { sampleSizes.isEmpty }
    var hasCompositionOffsets: Bool { compositionOffsets.contains { $0.value != 0 } }
    /// Whether every sample is a sync sample (stss is then omitted, §8.6.2).
    var allSync: Bool { syncSamples.count == sampleSizes.count }

    /// Adds a sample of `size` bytes at `fileOffset`. `continuesChunk`: the previous bytes of the
    /// file are this track's previous sample, so it joins that chunk.
    mutating func append(size: Int, dts: Int64, compositionOffset: Int32, isSync: Bool, fileOffset: Int64,
                         continuesChunk: Bool) {
        if let _ = firstDTS {
            // A DTS going backwards (jitter off) gets a zero duration; later ones resume from here.
            let delta = max(0, dts - lastDTS)
            durations.appendRun(delta)
            lastDTS += delta
        } else {
            firstDTS = dts
            lastDTS = dts
        }
        sampleSizes.append(UInt32(clamping: size))
        if isSync { syncSamples.append(UInt32(sampleSizes.count)) }
        compositionOffsets.appendRun(Int64(compositionOffset))
        if continuesChunk, let last = chunkSampleCounts.indices.last {
            chunkSampleCounts[last] += 1
        } else {
            chunkOffsets.append(fileOffset)
            chunkSampleCounts.append(1)
        }
    }

    /// The last sample's duration: the previous delta repeated, or a frame's worth.
    var lastSampleDuration: Int64 {
        if let last = durations.last { return last.value }
        return kind == .video ? Self.defaultVideoDuration : Self.defaultAudioDuration
    }

    /// The complete stts: every run plus the last sample.
    var timeToSample: [MP4Run] {
        guard !isEmpty else { return [] }
        var runs = durations
        runs.appendRun(lastSampleDuration)
        return runs
    }

    /// Sum of the sample durations (mdhd duration), ms.
    var mediaDuration: Int64 {
        guard let firstDTS, !isEmpty else { return 0 }
        return lastDTS - firstDTS + lastSampleDuration
    }

    /// stsc runs: consecutive chunks with the same sample count, as (first chunk, count) pairs.
    var sampleToChunk: [(firstChunk: UInt32, samplesPerChunk: UInt32)] {
        var runs: [(firstChunk: UInt32, samplesPerChunk: UInt32)] = []
        for (index, count) in chunkSampleCounts.enumerated() where runs.last?.samplesPerChunk != count {
            runs.append((UInt32(index + 1), count))
        }
        return runs
    }
}
