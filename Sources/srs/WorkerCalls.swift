import Core
import IO

/// Questions from one worker to all the others (`workers N`): the API asking for every worker's
/// stats, or for the worker that has a client to kick. The answers come back through this
/// worker's mailbox; a worker that does not answer within a second is left out (its loop is stuck
/// or gone), so an API request never hangs on it.
final class WorkerCalls {
    private struct Pending {
        var remaining: Int
        var answers: [any Sendable]
        let done: ([any Sendable]) -> Void
        var timer: Timer?
    }

    let index: Int
    let group: WorkerGroup
    unowned let loop: EventLoop
    private var pending: [UInt64: Pending] = [:]
    private var nextID: UInt64 = 1
    static let timeoutMillis: Int64 = 1000

    init(index: Int, group: WorkerGroup, loop: EventLoop) {
        self.index = index
        self.group = group
        self.loop = loop
    }

    /// Runs `work` on every other worker's server; `completion` gets their answers on this loop.
    func ask<T: Sendable>(_ work: @escaping @Sendable (Server) -> T, completion: @escaping ([T]) -> Void) {
        let others = group.count - 1
        guard others > 0 else { return completion([]) }
        let id = nextID
        nextID += 1
        var call = Pending(remaining: others, answers: [], done: { answers in completion(answers.compactMap { $0 as? T }) })
        call.timer = loop.schedule(after: WorkerCalls.timeoutMillis) { [unowned self] in
            guard let call = pending.removeValue(forKey: id) else { return }
            log.warn("worker \(index): \(call.remaining) worker(s) did not answer within \(WorkerCalls.timeoutMillis)ms")
            call.done(call.answers)
        }
        pending[id] = call
        let asker = index, group = self.group
        group.postToOthers(of: index) { server in
            let answer = work(server)
            group.post(to: asker) { $0.calls?.answer(id, answer) }
        }
    }

    private func answer(_ id: UInt64, _ value: any Sendable) {
        guard var call = pending[id] else { return }
        call.answers.append(value)
        call.remaining -= 1
        if call.remaining > 0 {
            pending[id] = call
            return
        }
        pending[id] = nil
        loop.cancel(call.timer)
        call.done(call.answers)
    }
}
