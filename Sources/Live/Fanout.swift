import Codec

/// How a source hands packets to its consumers: the ring they read from, the players checked
/// one by one ("loose": just attached, waiting for a write, paused, behind, low latency) and the
/// cohorts of players that drained together and are checked as one.
///
/// Per packet the fan-out costs one check per loose player and one per cohort; a player of a
/// cohort is touched only when its batch is due. Lists hold consumers unretained: the source's
/// `consumers` keeps them alive, and `remove` runs before a consumer leaves it.
final class Fanout {
    let ring = PacketRing()
    private var loose: [Unmanaged<Consumer>] = []
    private var cohorts: [Cohort] = []

    var isEmpty: Bool { loose.isEmpty && cohorts.isEmpty }

    func add(_ consumer: Consumer) {
        addLoose(consumer)
    }

    func remove(_ consumer: Consumer) {
        if consumer.cohort != nil { leaveCohort(consumer) }
        removeLoose(consumer)
        if isEmpty { ring.trim(before: ring.end) }
    }

    /// Appends `packet` to the ring, applies the rules, trims what nobody needs any more.
    func dispatch(_ packet: MediaPacket) {
        ring.append(packet)
        var slowest = ring.end
        for consumer in loose {
            consumer._withUnsafeGuaranteedRef {
                $0.sourceDidAppend(packet)
                slowest = min(slowest, $0.cursor)
            }
        }
        var index = 0
        while index < cohorts.count {
            let cohort = cohorts[index]
            slowest = min(slowest, cohort.cursor)
            let decision = cohort.decide(after: packet, in: ring)
            if case .wait = decision {
                index += 1
                continue
            }
            cohorts.remove(at: index)
            for member in cohort.members {
                member._withUnsafeGuaranteedRef { consumer in
                    consumer.leave(cohort)
                    addLoose(consumer)
                    if case .write = decision { consumer.cohortIsDue() } else { consumer.cohortIsBehind() }
                }
            }
        }
        ring.trim(before: slowest)
    }

    /// After a take: a player that drained everything joins the cohort of the players that
    /// drained at the same point (or starts one).
    func regroup(_ consumer: Consumer) {
        guard consumer.cohort == nil, consumer.canJoinCohort, consumer.cursor == ring.end else { return }
        removeLoose(consumer)
        let cohort: Cohort
        if let last = cohorts.last, last.cursor == ring.end, last.settings == consumer.settings {
            cohort = last
        } else {
            cohort = Cohort(cursor: ring.end, settings: consumer.settings)
            cohorts.append(cohort)
        }
        cohort.members.append(Unmanaged.passUnretained(consumer))
        consumer.join(cohort)
    }

    /// Takes a player out of its cohort (it is taking without being due, was paused, or its
    /// settings changed): it goes on alone from the cohort's state.
    func loosen(_ consumer: Consumer) {
        guard consumer.cohort != nil else { return }
        leaveCohort(consumer)
        addLoose(consumer)
    }

    /// SRS's merged-write timeout (a consumer waits at most `mw_latency` for `mw_msgs`): wakes
    /// every consumer that has held packets that long without its batch being due — a slow
    /// stream whose count never reaches `mw_msgs`. One check per cohort (a late one is released
    /// as due) and one per loose consumer; called every 100 ms by the RTMP service's sweep.
    func wakeLate(now: Int64) {
        var index = 0
        while index < cohorts.count {
            let cohort = cohorts[index]
            guard ring.end > cohort.cursor, now - cohort.firstQueuedAt >= cohort.settings.mwLatencyMillis else {
                index += 1
                continue
            }
            cohorts.remove(at: index)
            for member in cohort.members {
                member._withUnsafeGuaranteedRef { consumer in
                    consumer.leave(cohort)
                    addLoose(consumer)
                    consumer.cohortIsDue()
                }
            }
        }
        // Sinks only schedule their write when woken, so the list does not change here.
        for consumer in loose {
            consumer._withUnsafeGuaranteedRef { $0.wakeIfLate(now: now) }
        }
    }

    /// Every cohort member goes back to being checked alone (new play settings).
    func loosenAll() {
        let all = cohorts
        cohorts.removeAll()
        for cohort in all {
            for member in cohort.members {
                member._withUnsafeGuaranteedRef { consumer in
                    consumer.leave(cohort)
                    addLoose(consumer)
                }
            }
        }
    }

    private func leaveCohort(_ consumer: Consumer) {
        guard let cohort = consumer.cohort else { return }
        if let index = cohort.members.firstIndex(where: { $0.toOpaque() == Unmanaged.passUnretained(consumer).toOpaque() }) {
            cohort.members.swapAt(index, cohort.members.count - 1)
            cohort.members.removeLast()
        }
        if cohort.members.isEmpty, let index = cohorts.firstIndex(where: { $0 === cohort }) {
            cohorts.remove(at: index)
        }
        consumer.leave(cohort)
    }

    private func addLoose(_ consumer: Consumer) {
        consumer.looseIndex = loose.count
        loose.append(Unmanaged.passUnretained(consumer))
    }

    private func removeLoose(_ consumer: Consumer) {
        let index = consumer.looseIndex
        guard index >= 0, index < loose.count, loose[index].toOpaque() == Unmanaged.passUnretained(consumer).toOpaque() else { return }
        let last = loose.count - 1
        if index != last {
            loose.swapAt(index, last)
            loose[index]._withUnsafeGuaranteedRef { $0.looseIndex = index }
        }
        loose.removeLast()
        consumer.looseIndex = -1
    }
}
