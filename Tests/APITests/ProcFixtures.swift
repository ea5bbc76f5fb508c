/// `/proc` texts captured on the development VM (Debian 12, 2 vCPU, Linux 6.x); long lines trimmed.
enum ProcFixtures {
    static let selfStat = """
        26566 (cat) R 26564 26564 24610 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 119143 3133440 380 \
        18446744073709551615 94164313804800 94164313824681 140732799574896 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 \
        94164313840688 94164313842304 94164891406336 140732799580876 140732799580896 140732799580896 \
        140732799582187 0

        """

    /// A process whose comm has spaces and parentheses (`prctl(PR_SET_NAME, "a) (b c")`).
    static let selfStatTrickyComm = """
        4242 (a) (b c) S 1 4242 4242 0 -1 4194560 2000 0 3 0 1500 250 0 0 20 -5 7 0 900 1048576 512 \
        18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 12 34 56

        """

    static let stat = """
        cpu  53798 0 16512 162606 746 0 1984 69 0 0
        cpu0 23720 0 8464 84988 98 0 827 33 0 0
        cpu1 30078 0 8047 77617 648 0 1156 35 0 0
        intr 1167536 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 14 0 0 0 0 309 159
        ctxt 1929972
        btime 1795792630
        processes 33056
        procs_running 5
        procs_blocked 0
        softirq 7112616 0 151835 4 6492402 107952 0 5 166499 3840 190079

        """

    static let meminfo = """
        MemTotal:       24684084 kB
        MemFree:        23234516 kB
        MemAvailable:   24287652 kB
        Buffers:            6972 kB
        Cached:          1211572 kB
        SwapCached:            0 kB
        Active:           795052 kB
        Inactive:         448592 kB
        SwapTotal:             0 kB
        SwapFree:              0 kB
        Dirty:             74740 kB

        """

    static let uptime = "1191.44 1626.06\n"
    static let loadavg = "0.28 0.97 0.69 1/100 26571\n"

    static let netDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 47145056694 14171522    0  107    0     0          0         0 47145056694 14171522    0    0    0     0       0          0
          ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
          ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
          eth0: 123179025    2985    0    0    0     0          0         0    95420    1131    0    0    0     0       0          0

        """

    static let diskstats = """
           7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
         254       0 vda 52105 8607 6472794 45712 36565 38510 3791680 16995 0 14480 64371 14134 0 1569584 1403 6346 259
         253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0

        """

    static let vmstat = """
        nr_free_pages 5808629
        pgpgin 3236397
        pgpgout 1895840
        pswpin 0

        """

    static let sockstat = """
        sockets: used 19
        TCP: inuse 6 orphan 0 tw 37 alloc 6 mem 2
        UDP: inuse 0 mem 0
        UDPLITE: inuse 0
        RAW: inuse 0
        FRAG: inuse 0 memory 0

        """

    static let snmp = """
        Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates OutTransmits
        Ip: 2 64 14174505 0 0 0 0 0 14174505 14172635 0 0 0 0 0 0 0 0 0 14172635
        Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
        Tcp: 1 200 120000 -1 12072 12005 58 23096 4 14174483 14172668 71 0 11868 0
        Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
        Udp: 0 0 0 0 0 0 0 0 0

        """
}
