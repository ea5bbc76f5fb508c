/// The file format of a recording.
public enum DVRContainer: String, Equatable, Sendable {
    case flv
    /// ISO-BMFF with the moov at the end (see `MP4Muxer`).
    case mp4
}
