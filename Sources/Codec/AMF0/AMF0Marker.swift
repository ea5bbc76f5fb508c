/// AMF0 type markers (AMF0 spec §2.1), plus 0x11 which switches one value to AMF3 (§3.1).
enum AMF0Marker: UInt8 {
    case number = 0x00
    case boolean = 0x01
    case string = 0x02
    case object = 0x03
    case movieClip = 0x04
    case null = 0x05
    case undefined = 0x06
    case reference = 0x07
    case ecmaArray = 0x08
    case objectEnd = 0x09
    case strictArray = 0x0A
    case date = 0x0B
    case longString = 0x0C
    case unsupported = 0x0D
    case recordSet = 0x0E
    case xmlDocument = 0x0F
    case typedObject = 0x10
    case avmPlusObject = 0x11
}

/// AMF3 type markers (AMF3 spec §3.1) that the AMF0 decoder accepts after an 0x11 switch.
enum AMF3Marker: UInt8 {
    case undefined = 0x00
    case null = 0x01
    case `false` = 0x02
    case `true` = 0x03
    case integer = 0x04
    case double = 0x05
    case string = 0x06
}
