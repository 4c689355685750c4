import SaferCyberCore
import SaferCyberViews
import Vapor

/// The resource library and students' submission links.
extension Routes {
    /// Resources, moderation and submission links.
    func library() {
        let library = LibraryController()
        app.get(page(.resources), use: library.list)
        app.get(page(.resourceNew), use: library.new)
        // Streamed: a video can be far larger than the usual body limit (the controller enforces its own).
        app.on(.POST, page(.resourceNew), body: .stream, use: library.add)
        app.get(page(.resource(id: id)), use: library.show)
        app.post(page(.resourceModerate(id: id)), use: library.moderate)
        app.get(page(.resourceFile(id: id)), use: library.file)
        app.get(page(.resourceCaptions(id: id)), use: library.captions)
        app.post(page(.resourceDelete(id: id)), use: library.delete)
        let submissions = SubmissionsController()
        app.get(page(.submissionLinks), use: submissions.list)
        app.post(page(.submissionLinks), use: submissions.create)
        app.post(page(.submissionLinkRevoke(id: id)), use: submissions.revoke)
    }
}
