import Plot

/// One crime record and how it was classified.
public enum CrimeRecordPage {
    public struct Model: Sendable {
        public var slug: String
        public var reference: String
        public var facts: [(String, String)]
        public var found: Bool
        public init(slug: String, reference: String, facts: [(String, String)], found: Bool) {
            self.slug = slug
            self.reference = reference
            self.facts = facts
            self.found = found
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: model.found ? "Crime record \(model.reference)" : "Record not found", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .crimeRules).path),
                        .text("Back to classification rules"))),
                .h1(.text(model.found ? "Crime record \(model.reference)" : "Record not found")),
                .if(
                    !model.found,
                    .p(
                        .text(
                            "There is no record with the reference \u{201C}\(model.reference)\u{201D} in this partnership. Check the reference and try again."
                        ))),
                .if(
                    model.found,
                    .dl(
                        .class("facts"),
                        .forEach(model.facts) { fact in .group(.dt(.text(fact.0)), .dd(.text(fact.1))) }))
            ))
    }
}
