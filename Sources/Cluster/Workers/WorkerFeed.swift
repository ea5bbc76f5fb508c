import Codec
import Core
import IO
import Live

/// The publisher's side of an in-process pull (`workers N`): a consumer of the local source
/// whose packets go, once per loop turn, to the worker that asked for them — by reference, the
/// payloads are not copied. A subscriber whose mailbox is far behind is not sent more: this
/// consumer's queue then grows and is shrunk like a slow player's (`queue_length`).
final class WorkerFeed: ConsumerSink {
    struct Key: Hashable {
        let subscriber: Int
        let pullID: UInt64
    }

    let key: Key
    let stream: StreamKey
    unowned let streams: WorkerStreams
    var consumer: Consumer?
    private var scheduled = false
    private var retry: Timer?
    /// Mailbox depth above which the subscriber is considered behind.
    static let maxBacklog = 256

    init(key: Key, stream: StreamKey, streams: WorkerStreams) {
        self.key = key
        self.stream = stream
        self.streams = streams
    }

    func consumerIsReady(_ consumer: Consumer) {
        guard !scheduled else { return }
        scheduled = true
        streams.loop.deferToIterationEnd { [self] in ship() }
    }

    private func ship() {
        scheduled = false
        guard let consumer, retry == nil else { return }
        if streams.mesh.depth(of: key.subscriber) > WorkerFeed.maxBacklog {
            retry = streams.loop.schedule(after: 10) { [self] in
                retry = nil
                ship()
            }
            return
        }
        var batch: [MediaPacket] = []
        batch.reserveCapacity(consumer.count)
        while !consumer.isEmpty { consumer.take(max: 1024) { batch.append($0) } }
        guard !batch.isEmpty else { return }
        let pullID = key.pullID, packets = batch
        streams.mesh.post(to: key.subscriber) { subscriber in subscriber.deliver(pullID: pullID, packets) }
    }

    /// Detaches from the source (the subscriber left, or the publisher did).
    func stop(source: LiveSource?) {
        streams.loop.cancel(retry)
        retry = nil
        if let consumer { source?.detach(consumer) }
        consumer = nil
    }
}
