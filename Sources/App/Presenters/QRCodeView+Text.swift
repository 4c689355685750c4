import SaferCyberCore
import SaferCyberViews

extension QRCodeView.Model {
    /// The QR code for `text` (a link, a provisioning URI), or nil when it is too long to encode.
    static func encoding(_ text: String, label: String) -> QRCodeView.Model? {
        (try? QRCode(text)).map {
            let (path, side) = $0.svgPath()
            return QRCodeView.Model(path: path, side: side, label: label)
        }
    }
}
