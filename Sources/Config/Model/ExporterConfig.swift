/// Root `exporter {}`: the Prometheus exporter (SRS 5.0.86+), `/metrics` on its own listener.
public struct ExporterConfig: Equatable, Sendable {
    public var enabled: Bool
    /// SRS compat: a port (`9972`) or `ip:port`; 9972 is SRS's entry in Prometheus' port list.
    public var listen: ListenAddress
    /// `label` and `tag` of `srs_build_info`, to tell clusters and roles apart; empty = absent.
    public var label: String
    public var tag: String

    public static let defaults = ExporterConfig(enabled: false, listen: ListenAddress(port: 9972), label: "", tag: "")
}
