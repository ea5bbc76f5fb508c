import Codec
import Core

/// Turns media packets into an HTTP stream body for one player: the container header once,
/// then per-packet framing around the shared payloads.
public protocol StreamMuxer: AnyObject {
    /// `flv-play` / `ts-play` for the API.
    var clientType: String { get }
    var contentType: String { get }
    /// Whether a first batch of packets is enough to start (FLV guesses its A/V flags from it).
    func readyToStart(_ queued: [MediaPacket]) -> Bool
    /// Writes the container header, decided from the first packets (before they are written).
    func begin(_ first: [MediaPacket], to sink: StreamSink)
    /// Writes one packet.
    func write(_ packet: MediaPacket, to sink: StreamSink)
    /// Ends a batch (muxers that buffer a batch write it here).
    func endBatch(to sink: StreamSink)
}

/// Where a muxer writes: small per-player bytes are copied, payloads are shared.
public protocol StreamSink {
    func writeCopy(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int)
    func writeShared(_ bytes: SharedBytes, offset: Int, count: Int)
}
