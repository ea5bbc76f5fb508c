import CShim
#if canImport(Glibc)
import Glibc
#endif

/// The one thread of the process that may block: it runs `getaddrinfo` for the loop's
/// `Resolver` and hands each answer back through an eventfd, so name resolution never stalls
/// the event loop (a slow or dead DNS server delays only the connect that asked).
///
/// Shared state (two queues) is guarded by one mutex; nothing else crosses threads. Tested under
/// the thread sanitizer (`make test-tsan`).
final class ResolverWorker: @unchecked Sendable {
    struct Job { let id: UInt64; let host: String }
    /// Numeric addresses found (IPv4 first, as getaddrinfo orders them by RFC 6724), or an error text.
    struct Answer { let id: UInt64; let hosts: [String]; let error: String? }

    let eventFD: Int32
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [Job] = []
    private var answers: [Answer] = []
    private var started = false
    private var stopping = false

    init() throws {
        eventFD = try syscallChecked("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(condition)
        mutex.deallocate()
        condition.deallocate()
        Glibc.close(eventFD)
    }

    /// Queues a lookup; the thread starts with the first one.
    func submit(_ job: Job) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        let start = !started
        started = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        if start { startThread() }
    }

    /// Answers finished so far (called on the loop after the eventfd fired).
    func takeAnswers() -> [Answer] {
        var counter: UInt64 = 0
        _ = Glibc.read(eventFD, &counter, MemoryLayout<UInt64>.size)
        pthread_mutex_lock(mutex)
        let done = answers
        answers.removeAll()
        pthread_mutex_unlock(mutex)
        return done
    }

    /// Asks the thread to end after its current lookup (it holds a reference until then).
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    private func startThread() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { argument in
            let worker = Unmanaged<ResolverWorker>.fromOpaque(argument!).takeRetainedValue()
            worker.serve()
            return nil
        }, context)
        if rc == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<ResolverWorker>.fromOpaque(context).release()
            fail(reason: "cannot start the resolver thread: \(String(cString: strerror(rc)))")
        }
    }

    /// The thread body: take a job, resolve it without the lock, post the answer, wake the loop.
    private func serve() {
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            if stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            let job = jobs.removeFirst()
            pthread_mutex_unlock(mutex)
            let answer = ResolverWorker.lookup(job)
            pthread_mutex_lock(mutex)
            answers.append(answer)
            pthread_mutex_unlock(mutex)
            var one: UInt64 = 1
            _ = Glibc.write(eventFD, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// Answers every queued job with an error (no thread to run them).
    private func fail(reason: String) {
        pthread_mutex_lock(mutex)
        answers += jobs.map { Answer(id: $0.id, hosts: [], error: reason) }
        jobs.removeAll()
        started = false
        pthread_mutex_unlock(mutex)
        var one: UInt64 = 1
        _ = Glibc.write(eventFD, &one, MemoryLayout<UInt64>.size)
    }

    /// `getaddrinfo(host)` for TCP, every distinct address in the order returned.
    static func lookup(_ job: Job) -> Answer {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(job.host, nil, &hints, &list)
        guard rc == 0 else {
            return Answer(id: job.id, hosts: [], error: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        var hosts: [String] = []
        var node = list
        while let entry = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count),
                           nil, 0, NI_NUMERICHOST) == 0 {
                let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !hosts.contains(host) { hosts.append(host) }
            }
            node = entry.pointee.ai_next
        }
        return Answer(id: job.id, hosts: hosts, error: hosts.isEmpty ? "no address" : nil)
    }
}
