import Codec
import Core
import IO
import Live

/// Turns media packets into an HTTP stream body for one player: the container header once,
/// then per-packet framing around the shared payloads. Every call returns the bytes it queued
/// (the player frames them as one HTTP chunk per batch).
public protocol StreamMuxer: AnyObject {
    /// Client type in the API: `flv-play` (SRS 5 reports every HTTP stream player so), `ts-play`.
    var clientType: String { get }
    var contentType: String { get }
    /// How the player asked, for features acting on its behalf (edge `follow_client`).
    var requestFormat: StreamRequest.Format { get }
    /// Whether a new player starts with the source's GOP cache (false for audio-only muxers,
    /// which start from the live edge or the `fast_cache`, as SRS's `has_cache()` encoders).
    var replaysGOP: Bool { get }
    /// Whether a first batch of packets is enough to start (FLV guesses its A/V flags from it),
    /// or the stream cannot be carried at all.
    func start(_ queued: [MediaPacket]) -> MuxerStart
    /// Writes the container header, decided from the first packets (before they are written).
    func begin(_ first: [MediaPacket], to out: Connection) -> Int
    /// Writes one packet: small framing bytes are copied, the payload is shared — queued
    /// borrowed (`Connection.enqueueBorrowed`): the player calls this only inside
    /// `Consumer.takeBorrowed` and flushes `out` before it returns to the loop.
    func write(_ packet: MediaPacket, to out: Connection) -> Int
    /// Ends a batch (muxers that buffer a batch write it here).
    func endBatch(to out: Connection) -> Int
    /// Set once the stream stopped fitting the container after the head went out (a packet of
    /// another codec): the player closes the connection, as SRS does on an encoder error.
    var failure: String? { get }
}

extension StreamMuxer {
    public var requestFormat: StreamRequest.Format { .ts }
    public var replaysGOP: Bool { true }
    public var failure: String? { nil }
}
