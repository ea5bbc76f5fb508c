/// What a muxer makes of the packets queued before the response head is written.
public enum MuxerStart: Equatable, Sendable {
    /// Keep the queue and wait for more packets (no real frame yet).
    case wait
    /// Write the head and the queue.
    case start
    /// The stream cannot be carried by this container (e.g. AAC on an `.mp3` mount): the player
    /// answers an HTTP error instead of a head.
    case refuse(reason: String)
}
