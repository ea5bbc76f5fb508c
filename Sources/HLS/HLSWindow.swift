/// The segments a playlist lists, trimmed to `hls_window` of media time (srs-facts §8.1).
public struct HLSWindow: Equatable, Sendable {
    public private(set) var segments: [HLSSegment] = []

    public init() {}

    public var isEmpty: Bool { segments.isEmpty }
    public var count: Int { segments.count }

    public mutating func append(_ segment: HLSSegment) { segments.append(segment) }

    /// SRS `SrsFragmentWindow::shrink`: walking from the newest segment, the one whose duration
    /// makes the sum exceed `windowMillis` is kept and everything older is removed and returned.
    public mutating func shrink(windowMillis: Int64) -> [HLSSegment] {
        var total: Int64 = 0
        var keepFrom = 0
        for index in segments.indices.reversed() {
            total += segments[index].durationMillis
            if total > windowMillis {
                keepFrom = index
                break
            }
        }
        guard keepFrom > 0 else { return [] }
        let expired = Array(segments[..<keepFrom])
        segments.removeFirst(keepFrom)
        return expired
    }

    /// Empties the window (dispose), returning what it held.
    public mutating func removeAll() -> [HLSSegment] {
        defer { segments.removeAll() }
        return segments
    }

    /// The longest segment, in ms.
    public var maxDurationMillis: Int64 { segments.map(\.durationMillis).max() ?? 0 }
}
