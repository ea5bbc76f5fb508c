import Codec
import Core
import IO

/// Turns media packets into an HTTP stream body for one player: the container header once,
/// then per-packet framing around the shared payloads. Every call returns the bytes it queued
/// (the player frames them as one HTTP chunk per batch).
public protocol StreamMuxer: AnyObject {
    /// `flv-play` / `ts-play` for the API.
    var clientType: String { get }
    var contentType: String { get }
    /// Whether a first batch of packets is enough to start (FLV guesses its A/V flags from it).
    func readyToStart(_ queued: [MediaPacket]) -> Bool
    /// Writes the container header, decided from the first packets (before they are written).
    func begin(_ first: [MediaPacket], to out: Connection) -> Int
    /// Writes one packet: small framing bytes are copied, the payload is shared.
    func write(_ packet: MediaPacket, to out: Connection) -> Int
    /// Ends a batch (muxers that buffer a batch write it here).
    func endBatch(to out: Connection) -> Int
}
