import API
import Testing

@Suite struct DiskStatsTests {
    @Test func parsesDiskstatsAndSumsOnlyConfiguredDevices() throws {
        let disks = try DiskDevice.parse(ProcFixtures.diskstats)
        #expect(disks.count == 3)
        #expect(disks[1] == DiskDevice(name: "vda", readIOs: 52105, readSectors: 6_472_794, writeIOs: 36565,
                                       writeSectors: 3_791_680, ioTicks: 14480))
        #expect(DiskDevice.totalIOTicks(disks, names: ["vda", "zram0"]) == 14480)
        #expect(DiskDevice.totalIOTicks(disks, names: []) == 0)
    }

    @Test func parsesVMStatPaging() throws {
        #expect(try VMStat.parse(ProcFixtures.vmstat) == VMStat(pgpgin: 3_236_397, pgpgout: 1_895_840))
        #expect(throws: APIError.self) { try VMStat.parse("pgpgin 1\n") }
    }

    @Test func rejectsShortDiskstatsLines() {
        #expect(throws: APIError.self) { try DiskDevice.parse("254 0 vda 1 2 3\n") }
    }
}
