import Plot

/// A sheet of participant-code cards to hand out at an event: each card has its own random code and the two
/// addresses. Nobody records who took which card, so the answers stay anonymous.
public enum SurveyCardsPage {
    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var beforeURL: String
        public var afterURL: String
        public var codes: [String]
        public init(slug: String, id: String, title: String, beforeURL: String, afterURL: String, codes: [String]) {
            self.slug = slug
            self.id = id
            self.title = title
            self.beforeURL = beforeURL
            self.afterURL = afterURL
            self.codes = codes
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Code cards – \(model.title)", chrome: chrome,
            content: .div(
                .div(
                    .class("no-print"),
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: model.slug, .survey(id: model.id)).path),
                            .text("Back to the survey"))),
                    .h1(.text("Participant code cards")),
                    .p(
                        .text(
                            "Print this page and cut out the cards. Give one to each person at the start of the session. Each code is new every time this page is loaded, and is not recorded anywhere until someone answers with it."
                        )),
                    .form(
                        .action(SiteURL.partnership(slug: model.slug, .surveyCards(id: model.id)).path), .method(.get),
                        .class("filters"),
                        .element(
                            named: "div",
                            nodes: [
                                Form.input(
                                    .init(
                                        name: "count", label: "Number of cards", value: "\(model.codes.count)",
                                        type: .number, width: "width-third"), errors: []),
                                .div(
                                    .class("form-group"),
                                    .button(.type(.submit), .class("button secondary"), .text("Make cards"))),
                            ]))),
                .ul(
                    .class("code-cards"),
                    .forEach(model.codes) { code in
                        .li(
                            .class("code-card"),
                            .p(.strong(.text(model.title))),
                            .p(.text("Your code: "), .span(.class("code"), .text(code))),
                            .p(.text("Before the session: "), .span(.class("url"), .text(model.beforeURL))),
                            .p(.text("After the session: "), .span(.class("url"), .text(model.afterURL))),
                            .p(.class("hint"), .text("Keep this card. Your answers are anonymous.")))
                    })
            ))
    }
}
