import SaferCyberCore
import SaferCyberViews
import Vapor

/// The JSON API and its OpenAPI document.
extension Routes {
    /// The API's document and a partnership's lists.
    func api() {
        let api = APIController()
        app.get(path(.api(.openAPI)), use: api.openAPI)
        app.get(path(.api(.partnership(slug: slug))), use: api.partnership)
    }
}
