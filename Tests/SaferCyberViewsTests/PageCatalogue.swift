import Foundation

@testable import SaferCyberViews

/// Every page SaferCyberViews renders, built from a mock model whose text fields all hold one given string
/// (issues 18 and 20). `PageSafetyTests` renders each with hostile strings and checks that no element or attribute
/// appears that the page did not write; `PageSnapshotTests` keeps each page's markup, so a change to a page shows
/// up in review as a change to its snapshot.
///
/// A new page gets an entry here: `PageCatalogueTests` fails when a public `render`-like function of
/// SaferCyberViews is named by no entry.
enum PageCatalogue {
    struct Entry {
        /// Unique; also the snapshot's file name.
        let name: String
        /// The type and function the entry renders, as `Type.function` (for the completeness check).
        let renders: String
        let render: (String) -> String

        init(_ name: String, _ renders: String, _ render: @escaping (String) -> String) {
            self.name = name
            self.renders = renders
            self.render = render
        }
    }

    /// A fixed moment, so mocks never depend on when the test runs.
    static let moment = Date(timeIntervalSince1970: 1_790_000_000)

    static var all: [Entry] { crimeAssessmentsSafeguarding + platform + planImpact + engagementGamesPublicHub }

}

extension Chrome {
    /// A signed-in member's frame with `text` in every place a name appears.
    static func mock(_ text: String) -> Chrome {
        Chrome(
            userName: text, csrfToken: "mock-token", partnershipName: text,
            nav: [
                .init(label: text, url: .partnership(slug: "demo", .home)),
                .init(label: text, url: .partnership(slug: "demo", .settings)),
            ], current: .partnership(slug: "demo", .home))
    }
}
