import IO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a mailbox test's loop keeps: the messages it ran, in order.
private final class Inbox {
    var received: [Int] = []
    var threads: Set<UInt> = []
}

@Suite struct MailboxTests {
    static func spin(_ loop: EventLoop, until done: () -> Bool) {
        let deadline = loop.now + 5000
        while !done() && loop.now < deadline { loop.runOnce(maxWait: 20) }
    }

    @Test func messagesFromOtherThreadsRunOnTheLoopInOrderPerSender() throws {
        let loop = try EventLoop()
        let inbox = Inbox()
        let mailbox = try Mailbox<Inbox>()
        try mailbox.open(loop: loop, owner: inbox)
        let senders = 4, each = 500
        for sender in 0..<senders {
            try WorkerThread.start {
                for n in 0..<each {
                    mailbox.post { inbox in
                        inbox.received.append(sender * 10_000 + n)
                        inbox.threads.insert(UInt(pthread_self()))
                    }
                }
            }
        }
        Self.spin(loop) { inbox.received.count == senders * each }
        #expect(inbox.received.count == senders * each)
        #expect(inbox.threads == [UInt(pthread_self())], "every message ran on the loop's thread")
        for sender in 0..<senders {
            let mine = inbox.received.filter { $0 / 10_000 == sender }.map { $0 % 10_000 }
            #expect(mine == Array(0..<each), "sender \(sender)'s messages kept their order")
        }
        #expect(mailbox.depth == 0)
    }

    @Test func nothingRunsInsidePostAndPostsBeforeOpenWait() throws {
        let loop = try EventLoop()
        let inbox = Inbox()
        let mailbox = try Mailbox<Inbox>()
        mailbox.post { $0.received.append(1) }
        mailbox.post { $0.received.append(2) }
        #expect(mailbox.depth == 2)
        try mailbox.open(loop: loop, owner: inbox)
        #expect(inbox.received.isEmpty, "delivery happens on the loop's turn, never inside open or post")
        Self.spin(loop) { inbox.received.count == 2 }
        #expect(inbox.received == [1, 2])
    }

    @Test func aClosedMailboxDropsWhatComes() throws {
        let loop = try EventLoop()
        let inbox = Inbox()
        let mailbox = try Mailbox<Inbox>()
        try mailbox.open(loop: loop, owner: inbox)
        mailbox.post { $0.received.append(1) }
        mailbox.close(loop: loop)
        #expect(mailbox.post { $0.received.append(2) } == false)
        for _ in 0..<5 { loop.runOnce(maxWait: 5) }
        #expect(inbox.received.isEmpty, "queued messages are dropped at close")
    }

    @Test func cgroupQuotaParsing() {
        #expect(WorkerThread.parseQuota("200000 100000\n") == 2)
        #expect(WorkerThread.parseQuota("150000 100000") == 2, "a fraction of a CPU rounds up")
        #expect(WorkerThread.parseQuota("50000 100000") == 1)
        #expect(WorkerThread.parseQuota("max 100000\n") == nil, "no quota")
        #expect(WorkerThread.parseQuota("") == nil)
        #expect(WorkerThread.parseQuota("0 100000") == nil)
        #expect(WorkerThread.parseQuota("-1 100000") == nil, "cgroup v1: no quota")
        #expect(WorkerThread.parseQuota("300000 100000") == 3, "cgroup v1 quota and period joined")
        #expect(WorkerThread.availableCPUs() >= 1)
    }
}
