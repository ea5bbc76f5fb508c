/// The four byte totals SRS reports for the host network (`net_*bytes` in summaries).
public struct NetTotals: Sendable, Equatable {
    /// Bytes of internet (public address) interfaces.
    public var recvBytes: Int64 = 0
    public var sendBytes: Int64 = 0
    /// Bytes of `lo` and intranet interfaces (the `i` fields).
    public var recviBytes: Int64 = 0
    public var sendiBytes: Int64 = 0

    public init(recvBytes: Int64 = 0, sendBytes: Int64 = 0, recviBytes: Int64 = 0, sendiBytes: Int64 = 0) {
        self.recvBytes = recvBytes
        self.sendBytes = sendBytes
        self.recviBytes = recviBytes
        self.sendiBytes = sendiBytes
    }

    /// SRS compat (`srs_api_dump_summaries`): `lo` and every interface not known to have an
    /// internet address count as intranet; only the rest count as internet.
    public static func sum(_ devices: [NetDevice], isInternet: (String) -> Bool) -> NetTotals {
        var totals = NetTotals()
        for device in devices {
            if device.name == "lo" || !isInternet(device.name) {
                totals.recviBytes &+= device.recvBytes
                totals.sendiBytes &+= device.sendBytes
            } else {
                totals.recvBytes &+= device.recvBytes
                totals.sendBytes &+= device.sendBytes
            }
        }
        return totals
    }
}
