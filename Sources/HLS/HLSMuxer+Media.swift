import Codec
import Core

extension HLSMuxer {
    /// Converts and muxes one packet of a live publish.
    func feed(_ packet: MediaPacket) {
        switch packet.kind {
        case .script: return
        case .video: guard settings.videoCodec != .none else { return }
        case .audio: guard settings.audioCodec != .none else { return }
        }
        let output: TSFrameBuilder.Output
        do {
            output = try builder.build(packet, into: &payload)
        } catch {
            counters.skippedFrames &+= 1
            logOnce(.badFrame(error))
            return
        }
        switch output {
        case .ignored:
            return
        case let .sequenceHeader(stream, changed):
            writer.declare(stream)
            // SRS compat: the segment holding a new sequence header is marked discontinuous.
            if changed { current?.discontinuity = true }
        case let .frame(frame):
            mux(frame)
        }
    }

    /// Whether the stream has no video track (PCR and aggregation on audio).
    var isPureAudio: Bool { settings.videoCodec == .none || builder.avcConfig == nil }

    private func mux(_ frame: TSFrame) {
        if frame.stream.isVideo && waitingForKeyframe {
            // Frames before the first IDR cannot be decoded; start segments on a keyframe.
            guard frame.isKeyframe else { return }
            waitingForKeyframe = false
        }
        let track: HLSSegmenter.Track = frame.stream.isVideo ? .video : .audio
        switch segmenter.decide(track, dtsMillis: frame.dtsMillis, isKeyframe: frame.isKeyframe) {
        case .append: break
        case .reap: reap(discontinuity: false)
        case .reapWithDiscontinuity: reap(discontinuity: true)
        }
        guard phase == .publishing, current != nil else { return }
        if frame.stream.isVideo || !isPureAudio {
            flushPendingAudio()
            writer.writePES(frame, payload: payload, to: &segmentBytes)
        } else {
            // Simplified SRS pure-audio aggregation: frames gather into one PES until it spans
            // 0.72 s; the PES is flushed into the segment that holds its frames (SRS flushes it
            // into the next one when a reap intervenes).
            if pendingAudioFrame == nil {
                pendingAudioFrame = frame
                pendingAudio.removeAll(keepingCapacity: true)
            }
            pendingAudio.append(contentsOf: payload)
            if let first = pendingAudioFrame, frame.dts - first.dts >= Self.audioAggregateTicks {
                flushPendingAudio()
            }
        }
        segmenter.append(dtsMillis: frame.dtsMillis)
    }

    /// Writes the aggregated pure-audio PES, if any.
    func flushPendingAudio() {
        guard let frame = pendingAudioFrame else { return }
        pendingAudioFrame = nil
        if current != nil { writer.writePES(frame, payload: pendingAudio, to: &segmentBytes) }
        pendingAudio.removeAll(keepingCapacity: true)
    }
}
