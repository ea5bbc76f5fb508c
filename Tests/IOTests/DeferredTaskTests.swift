import IO
import Testing

@Suite struct DeferredTaskTests {
    final class Task: DeferredTask {
        var runs = 0
        var then: (() -> Void)?
        func runDeferredTask() {
            runs += 1
            then?()
        }
    }

    @Test func scheduledTasksRunOnceAtTheEndOfTheIteration() throws {
        let loop = try EventLoop()
        let a = Task(), b = Task()
        loop.schedule(a)
        loop.schedule(b)
        #expect(a.runs == 0, "nothing runs before the loop turns")
        loop.runOnce(maxWait: 0)
        #expect(a.runs == 1 && b.runs == 1)
        loop.runOnce(maxWait: 0)
        #expect(a.runs == 1, "a task runs once per schedule")
    }

    @Test func aTaskScheduledWhileTasksRunStillRunsInTheSameIteration() throws {
        let loop = try EventLoop()
        let first = Task(), second = Task()
        first.then = { loop.schedule(second) }
        loop.schedule(first)
        loop.runOnce(maxWait: 0)
        #expect(first.runs == 1 && second.runs == 1)
    }

    @Test func theLoopKeepsAScheduledTaskAliveUntilItRan() throws {
        let loop = try EventLoop()
        weak var weakTask: Task?
        var ran = false
        do {
            let task = Task()
            task.then = { ran = true }
            weakTask = task
            loop.schedule(task)
        }
        #expect(weakTask != nil)
        loop.runOnce(maxWait: 0)
        #expect(ran)
        #expect(weakTask == nil, "released once it ran")
    }
}
