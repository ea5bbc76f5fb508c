import Codec

/// Which packets go into the current file and when the segment plan cuts it: SRS
/// `SrsDvrSegmentPlan::update_duration` and `SrsDvrFlvSegmenter::encode_video`, as a value that
/// decides and does no IO.
///
/// - A file takes video only from its first keyframe on (`dvr_wait_keyframe on`); sequence
///   headers, metadata and audio are always taken.
/// - The segment plan cuts once the file spans `dvr_duration`: at the next video keyframe
///   (`dvr_wait_keyframe on`), else at the next packet. The packet that triggers the cut opens
///   the new file.
/// - Deliberate difference: a stream without video (no video sequence header yet) is cut at the
///   next audio frame, where SRS would never cut it.
struct DVRSegmenter: Equatable {
    enum Decision: Equatable {
        /// Write the packet to the current file.
        case write
        /// Leave the packet out (video before the file's first keyframe).
        case skip
        /// Close the current file, open the next one (then ask again).
        case cut
    }

    let plan: DVRSettings.Plan
    let limitMillis: Int64
    let waitKeyframe: Bool
    /// A video sequence header was seen in this publish: cuts wait for video keyframes.
    var streamHasVideo = false
    private(set) var hasKeyframe = false
    /// Corrected timestamps of the file's first and last A/V packet.
    private(set) var startMillis: Int64?
    private(set) var endMillis: Int64 = 0

    init(settings: DVRSettings) {
        plan = settings.plan
        limitMillis = settings.durationMillis
        waitKeyframe = settings.waitKeyframe
    }

    /// Media time the current file spans (SRS `SrsFragment::duration`).
    var durationMillis: Int64 { startMillis.map { endMillis - $0 } ?? 0 }

    /// A new file was opened.
    mutating func startFile() {
        hasKeyframe = false
        startMillis = nil
        endMillis = 0
    }

    /// What to do with `packet` (its timestamp before correction; only its kind and flags count).
    mutating func decide(_ packet: MediaPacket) -> Decision {
        if packet.kind == .video && packet.isSequenceHeader { streamHasVideo = true }
        if shouldCut(packet) { return .cut }
        guard packet.kind == .video, !packet.isSequenceHeader else { return .write }
        if isKeyframe(packet) { hasKeyframe = true }
        return hasKeyframe || !waitKeyframe ? .write : .skip
    }

    /// A packet went into the file at corrected timestamp `millis` (metadata does not count).
    mutating func append(_ packet: MediaPacket, at millis: Int64) {
        guard packet.kind != .script else { return }
        let time = max(0, millis)
        startMillis = min(startMillis ?? time, time)
        endMillis = time
    }

    private func shouldCut(_ packet: MediaPacket) -> Bool {
        guard plan == .segment, limitMillis > 0, durationMillis >= limitMillis, packet.kind != .script else {
            return false
        }
        guard waitKeyframe, streamHasVideo else { return true }
        return isKeyframe(packet)
    }

    private func isKeyframe(_ packet: MediaPacket) -> Bool {
        packet.kind == .video && packet.isKeyframe && !packet.isSequenceHeader
    }
}
