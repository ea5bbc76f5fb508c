/// One stream as `/api/v1/streams/` lists it (SRS 5 `SrsStatisticStream::dumps`).
public struct StreamSnapshot: Sendable, Equatable {
    /// The `video` object; absent (printed `null`) when no video was seen.
    public struct Video: Sendable, Equatable {
        /// `H264`, `HEVC`, `AV1`, `VP6`, `Other`.
        public var codec: String
        /// e.g. `High`; SRS prints `Other` for codecs without a profile table.
        public var profile: String
        /// e.g. `3.1`.
        public var level: String
        public var width: Int64
        public var height: Int64

        public init(codec: String, profile: String, level: String, width: Int64, height: Int64) {
            self.codec = codec
            self.profile = profile
            self.level = level
            self.width = width
            self.height = height
        }
    }

    /// The `audio` object; absent (printed `null`) when no audio was seen.
    public struct Audio: Sendable, Equatable {
        /// `AAC`, `MP3`, `Opus`, `Other`.
        public var codec: String
        /// Hz from the FLV rate table {5512, 11025, 22050, 44100}.
        public var sampleRate: Int64
        /// 1 mono, 2 stereo.
        public var channel: Int64
        /// AAC object type `Main`, `LC`, `HE`, `HEv2`, `SSR`, or `Other`.
        public var profile: String

        public init(codec: String, sampleRate: Int64, channel: Int64, profile: String) {
            self.codec = codec
            self.sampleRate = sampleRate
            self.channel = channel
            self.profile = profile
        }
    }

    /// `vid-xxxxxxx`.
    public var id: String
    public var name: String
    /// The vhost **id** (`vid-…`).
    public var vhost: String
    public var app: String
    public var tcUrl: String
    public var url: String
    /// SRS compat: the current wall-clock time in ms, not the stream's age.
    public var liveMs: Int64
    /// Publisher included.
    public var clients: Int64
    public var frames: Int64
    public var sendBytes: Int64
    public var recvBytes: Int64
    public var kbps: KbpsSnapshot
    public var publishActive: Bool
    /// Publisher context id; `publish.cid` is omitted when no publisher ever existed.
    public var publisherID: String?
    public var video: Video?
    public var audio: Audio?
    /// Edge streams only: where they pull from / push to.
    public var upstream: UpstreamSnapshot?
    /// Beyond SRS: the stream's `forward` destinations.
    public var forwards: [UpstreamSnapshot] = []
    /// Beyond SRS: the stream's recording.
    public var recording: RecordingSnapshot?
    /// Beyond SRS, for `/metrics` (not in the JSON): the vhost's name, the players among the
    /// clients, and the messages dropped for its players (those that left included).
    public var vhostName = ""
    public var players: Int64 = 0
    public var droppedMessages: Int64 = 0
    /// Beyond SRS, not in the JSON: this worker pulls the stream from another worker of the
    /// process (`workers N`); the API shows the publisher's worker's copy.
    public var workerPull = false
    /// Beyond SRS, not in the JSON (`workers N`): only what the players of a pulled copy that
    /// is gone sent and dropped; added to the stream's entry, never an entry of its own.
    public var residue = false

    public init(id: String, name: String, vhost: String, app: String, tcUrl: String, url: String, liveMs: Int64,
                clients: Int64 = 0, frames: Int64 = 0, sendBytes: Int64 = 0, recvBytes: Int64 = 0,
                kbps: KbpsSnapshot = KbpsSnapshot(), publishActive: Bool = false, publisherID: String? = nil,
                video: Video? = nil, audio: Audio? = nil, upstream: UpstreamSnapshot? = nil) {
        self.id = id
        self.name = name
        self.vhost = vhost
        self.app = app
        self.tcUrl = tcUrl
        self.url = url
        self.liveMs = liveMs
        self.clients = clients
        self.frames = frames
        self.sendBytes = sendBytes
        self.recvBytes = recvBytes
        self.kbps = kbps
        self.publishActive = publishActive
        self.publisherID = publisherID
        self.video = video
        self.audio = audio
        self.upstream = upstream
    }
}
