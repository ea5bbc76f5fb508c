/// What the exporter needs of `exporter {}` besides its listener.
public struct ExporterSettings: Equatable, Sendable {
    public var enabled: Bool
    /// `srs_build_info`'s `label` and `tag`; empty ones are left out.
    public var label: String
    public var tag: String

    public init(enabled: Bool = false, label: String = "", tag: String = "") {
        self.enabled = enabled
        self.label = label
        self.tag = tag
    }
}
