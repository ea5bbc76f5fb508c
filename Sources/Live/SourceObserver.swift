import Codec

/// A feature that watches a stream without being a player (HLS, DVR, forwarders): it sees every
/// packet synchronously, before consumers. The source knows this protocol, not the features.
public protocol SourceObserver: AnyObject {
    func sourceDidPublish(_ source: LiveSource)
    func source(_ source: LiveSource, didReceive packet: MediaPacket)
    func sourceDidUnpublish(_ source: LiveSource)
}
