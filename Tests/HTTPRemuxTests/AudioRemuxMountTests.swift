@testable import HTTPRemux
import Live
import Testing

@Suite struct AudioRemuxMountTests {
    @Test(arguments: RemuxMount.Format.allCases)
    func everyExtensionOfSRS5IsAMount(format: RemuxMount.Format) throws {
        let mount = try #require(RemuxMount(template: "[vhost]/[app]/[stream].\(format.rawValue)"))
        #expect(mount.format == format)
        #expect(mount.match(path: "/live/livestream.\(format.rawValue)", vhost: "__defaultVhost__")
                == StreamKey(vhost: "__defaultVhost__", app: "live", stream: "livestream"))
    }

    @Test func onlyTheAudioMountsAreAudioOnly() {
        #expect(RemuxMount.Format.allCases.filter(\.isAudioOnly) == [.mp3, .aac])
    }

    @Test(arguments: ["[vhost]/[app]/[stream].mp4", "[vhost]/[app]/[stream].m4a", "[vhost]/[app]/[stream]",
                      "[vhost]/[app]/[stream].MP3", "[vhost]/[app]/[stream].ogg"])
    func otherExtensionsAreNoMount(template: String) {
        #expect(RemuxMount(template: template) == nil)
    }

    @Test func anAudioMountServesOnlyItsOwnExtension() throws {
        let mp3 = try #require(RemuxMount(template: "[vhost]/[app]/[stream].mp3"))
        let aac = try #require(RemuxMount(template: "[vhost]/[app]/[stream].aac"))
        for path in ["/live/s.flv", "/live/s.ts", "/live/s.aac", "/live/s.mp3x", "/live/s"] {
            #expect(mp3.match(path: path, vhost: "v") == nil, "\(path) on .mp3")
        }
        for path in ["/live/s.flv", "/live/s.mp3", "/live/s.aacx"] {
            #expect(aac.match(path: path, vhost: "v") == nil, "\(path) on .aac")
        }
        #expect(aac.match(path: "/live/s.aac", vhost: "v") == StreamKey(vhost: "v", app: "live", stream: "s"))
    }

    @Test func segmentCountsMustMatchTheTemplate() throws {
        let mount = try #require(RemuxMount(template: "[vhost]/[app]/[stream].mp3"))
        #expect(mount.match(path: "/s.mp3", vhost: "v") == nil)
        #expect(mount.match(path: "/a/b/s.mp3", vhost: "v") == nil)
        #expect(mount.match(path: "/live/.mp3", vhost: "v") == nil, "empty stream name")
        let deep = try #require(RemuxMount(template: "[vhost]/radio/[app]/[stream].aac"))
        #expect(deep.match(path: "/radio/live/s.aac", vhost: "v") == StreamKey(vhost: "v", app: "live", stream: "s"))
        #expect(deep.match(path: "/tv/live/s.aac", vhost: "v") == nil, "literal segment differs")
        #expect(deep.match(path: "/live/s.aac", vhost: "v") == nil)
    }
}
