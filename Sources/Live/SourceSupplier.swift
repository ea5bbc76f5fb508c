/// Something that feeds a source from elsewhere while players want it (an edge pull): the
/// source tells it when a player arrives and when the last one left. The source knows this
/// protocol, not the edge.
public protocol SourceSupplier: AnyObject {
    /// A player is attaching to `source` (it is attached right after this returns).
    func source(_ source: LiveSource, playerWillAttach request: StreamRequest)
    /// The last consumer left `source`.
    func sourceDidLoseLastConsumer(_ source: LiveSource)
}
