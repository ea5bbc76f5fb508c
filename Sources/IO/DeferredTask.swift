/// Something an object does once at the end of a loop iteration (`EventLoop.schedule`).
public protocol DeferredTask: AnyObject {
    func runDeferredTask()
}
