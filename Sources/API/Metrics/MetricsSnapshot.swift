/// What `/metrics` reports, gathered from the figures the API already keeps (no second sampling).
public struct MetricsSnapshot: Sendable, Equatable {
    /// `srs_build_info`'s labels.
    public struct Build: Sendable, Equatable {
        public var server: String
        public var service: String
        public var pid: String
        public var buildDate: String
        public var major: String
        public var version: String
        public var code: String
        /// `exporter.label` / `exporter.tag`; an empty one is left out (SRS compat).
        public var label: String
        public var tag: String

        public init(server: String, service: String, pid: String, buildDate: String = "", major: String,
                    version: String, code: String, label: String = "", tag: String = "") {
            self.server = server
            self.service = service
            self.pid = pid
            self.buildDate = buildDate
            self.major = major
            self.version = version
            self.code = code
            self.label = label
            self.tag = tag
        }
    }

    /// `uname(2)` (`srs_node_uname_info`); nil when the call failed.
    public var uname: UnameInfo?
    public var build: Build
    /// The process' CPU in percent of one core (SRS: `self_proc_stats.percent * 100`).
    public var cpuPercent: Double
    /// Resident memory in KB (SRS: `rss * 4`, pages of 4 KB).
    public var memoryKB: Int64
    /// Server totals of every connection (the figures of `summaries`' `srs_send_bytes`).
    public var sendBytes: Int64
    public var recvBytes: Int64
    /// The streams `/api/v1/streams` lists and the clients `/api/v1/clients` lists.
    public var streams: Int64
    public var clients: Int64
    /// Clients ever identified, and those among them that ended with an error.
    public var clientsTotal: Int64
    public var clientErrors: Int64
    /// Messages dropped for players that fell behind, since the start.
    public var droppedMessages: Int64
    /// The streams, as `/api/v1/streams` shows them.
    public var streamList: [StreamSnapshot]

    public init(uname: UnameInfo?, build: Build, cpuPercent: Double = 0, memoryKB: Int64 = 0, sendBytes: Int64 = 0,
                recvBytes: Int64 = 0, streams: Int64 = 0, clients: Int64 = 0, clientsTotal: Int64 = 0,
                clientErrors: Int64 = 0, droppedMessages: Int64 = 0, streamList: [StreamSnapshot] = []) {
        self.uname = uname
        self.build = build
        self.cpuPercent = cpuPercent
        self.memoryKB = memoryKB
        self.sendBytes = sendBytes
        self.recvBytes = recvBytes
        self.streams = streams
        self.clients = clients
        self.clientsTotal = clientsTotal
        self.clientErrors = clientErrors
        self.droppedMessages = droppedMessages
        self.streamList = streamList
    }
}
