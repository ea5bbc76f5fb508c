import Core

/// One stream, one publisher, across every worker of the process (`workers N`): the source asks
/// before a publisher takes it and reports when it is released. The source knows this protocol,
/// not the workers.
public protocol PublishArbiter: AnyObject {
    /// False: another worker's publisher holds the stream (the publish fails as busy).
    func source(_ source: LiveSource, willPublishBy id: ContextID) -> Bool
    /// The publisher `id` released `source`.
    func source(_ source: LiveSource, didUnpublishBy id: ContextID)
}
