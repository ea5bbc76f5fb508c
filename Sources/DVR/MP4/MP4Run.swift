/// One run of a run-length table (stts: sample count and delta; ctts: count and offset;
/// stsc: chunks with the same sample count).
struct MP4Run: Equatable, Sendable {
    var count: UInt32
    var value: Int64
}

extension Array where Element == MP4Run {
    /// Adds one more `value`, extending the last run when it has the same value.
    mutating func appendRun(_ value: Int64) {
        if let last = indices.last, self[last].value == value {
            self[last].count += 1
        } else {
            append(MP4Run(count: 1, value: value))
        }
    }
}
