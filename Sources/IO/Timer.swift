/// A one-shot or repeating timer owned by an `EventLoop`. Cancel to stop it.
public final class Timer {
    public internal(set) var deadline: Int64
    let interval: Int64?
    var callback: (() -> Void)?
    var heapIndex = -1

    init(deadline: Int64, interval: Int64?, callback: @escaping () -> Void) {
        self.deadline = deadline
        self.interval = interval
        self.callback = callback
    }

    public var isActive: Bool { callback != nil }
}

/// A binary min-heap of timers by deadline.
struct TimerHeap {
    private(set) var items: [Timer] = []

    var first: Timer? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func insert(_ timer: Timer) {
        timer.heapIndex = items.count
        items.append(timer)
        siftUp(items.count - 1)
    }

    mutating func remove(_ timer: Timer) {
        let index = timer.heapIndex
        guard index >= 0, index < items.count, items[index] === timer else { return }
        let last = items.count - 1
        if index != last {
            items.swapAt(index, last)
            items[index].heapIndex = index
        }
        items.removeLast()
        timer.heapIndex = -1
        if index < items.count {
            siftDown(index)
            siftUp(index)
        }
    }

    mutating func popFirst() -> Timer? {
        guard let top = items.first else { return nil }
        remove(top)
        return top
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            if items[child].deadline >= items[parent].deadline { break }
            items.swapAt(child, parent)
            items[child].heapIndex = child
            items[parent].heapIndex = parent
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left].deadline < items[smallest].deadline { smallest = left }
            if right < items.count && items[right].deadline < items[smallest].deadline { smallest = right }
            if smallest == parent { return }
            items.swapAt(parent, smallest)
            items[parent].heapIndex = parent
            items[smallest].heapIndex = smallest
            parent = smallest
        }
    }
}
