/// The segment being filled (its bytes live in the muxer's reusable buffer).
struct HLSOpenSegment: Equatable {
    var sequence: Int
    /// The file path, templates applied except `[duration]` (known at close).
    var path: String
    var uri: String
    var discontinuity: Bool
}
