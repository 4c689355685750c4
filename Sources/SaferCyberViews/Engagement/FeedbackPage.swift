import Plot

/// "Was it fun?" after a session or game (issue 23): one tap, an optional comment, nothing that says who answered.
public enum FeedbackPage {
    public struct Model: Sendable {
        public var slug: String
        public var eventID: String
        public var title: String
        public var when: String
        /// The three answers: value and words.
        public var ratings: [(value: String, label: String)]
        public var comment = ""
        public var errors: [FormError] = []
        /// The form is closed (not started, or over two weeks ago): why.
        public var closed: String?
        public var thanks = false
        public var csrf: String
        public init(
            slug: String, eventID: String, title: String, when: String, ratings: [(value: String, label: String)],
            csrf: String
        ) {
            self.slug = slug
            self.eventID = eventID
            self.title = title
            self.when = when
            self.ratings = ratings
            self.csrf = csrf
        }
    }

    public static func render(_ model: Model) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Was it fun? – \(model.title)",
            chrome: .publicPage(slug: model.slug),
            content: .div(
                Form.errorSummary(model.errors),
                .span(.class("caption"), .text("\(model.title), \(model.when)")),
                .h1(.text(model.thanks ? "Thank you" : "Was it fun?")),
                model.thanks
                    ? .p(.text("Your answer has been counted. We do not know who you are, and we do not need to."))
                    : .unwrap(
                        model.closed, { .p(.text($0)) },
                        else: Form.post(
                            to: .publicEventFeedback(slug: model.slug, id: model.eventID), csrf: model.csrf,
                            Form.textarea(
                                "comment", "Anything to add? (optional)",
                                hint: "Do not write your name or anyone else's.", value: model.comment,
                                errors: model.errors, rows: 3),
                            .p(.text("Then tap one:")),
                            .div(
                                .class("feedback-buttons"),
                                .forEach(model.ratings) { rating in
                                    .button(
                                        .type(.submit), .class("button feedback-\(rating.value)"), .name("rating"),
                                        .value(rating.value), .text(rating.label))
                                })))
            ))
    }
}
