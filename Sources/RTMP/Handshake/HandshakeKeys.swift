/// The public constants of RTMP's complex handshake (known as the Adobe "Genuine" keys).
enum HandshakeKeys {
    /// The 32 bytes shared by both keys after their ASCII text.
    private static let tail: [UInt8] = [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ]

    /// 62-byte Flash Player key: `Genuine Adobe Flash Player 001` + tail. Signs C1 and C2.
    static let flashPlayer: [UInt8] = Array("Genuine Adobe Flash Player 001".utf8) + tail

    /// 68-byte Flash Media Server key: `Genuine Adobe Flash Media Server 001` + tail. Signs S1 and S2.
    static let flashMediaServer: [UInt8] = Array("Genuine Adobe Flash Media Server 001".utf8) + tail

    /// The C1 digest key: the text part of the Flash Player key (30 bytes).
    static let clientDigestKey: [UInt8] = Array(flashPlayer.prefix(30))

    /// The S1 digest key: the text part of the Flash Media Server key (36 bytes).
    static let serverDigestKey: [UInt8] = Array(flashMediaServer.prefix(36))
}
