import Plot

/// Printable cards for one event (issue 23): the link to book later sessions and each survey's before and after
/// links, each as a QR code with its address, two to a row on A4, to put on tables or hand out.
public enum QRCardsPage {
    public struct Card: Sendable {
        public var title: String
        public var purpose: String
        public var link: String
        public var qr: QRCodeView.Model?
        public init(title: String, purpose: String, link: String, qr: QRCodeView.Model?) {
            self.title = title
            self.purpose = purpose
            self.link = link
            self.qr = qr
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var eventID: String
        public var title: String
        public var when: String
        public var cards: [Card]
        public init(slug: String, eventID: String, title: String, when: String, cards: [Card]) {
            self.slug = slug
            self.eventID = eventID
            self.title = title
            self.when = when
            self.cards = cards
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "QR cards: \(model.title)", chrome: chrome,
            content: .div(
                .p(
                    .class("no-print"),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .eventRegister(id: model.eventID)).path),
                        .text("Back to the register"))),
                .h1(.class("no-print"), .text("QR cards: \(model.title)")),
                .p(
                    .class("no-print"),
                    .text(
                        "Print this page (your browser's Print command) and cut the cards out, or show one on a screen. Each card says what the link is for; the address is printed under the code for people who cannot scan it."
                    )),
                .if(
                    !model.cards.contains { $0.title.contains("before the session") },
                    .p(
                        .class("hint no-print"),
                        .text(
                            "No open before-and-after survey lists this event, so there are no survey cards. Link a survey to the event to add them."
                        ))),
                .div(
                    .class("qr-cards"),
                    .forEach(model.cards) { card in
                        .div(
                            .class("qr-card"),
                            .h2(.text(card.title)),
                            .p(.text(card.purpose)),
                            .p(.class("hint"), .text("\(model.title), \(model.when)")),
                            .unwrap(card.qr) { .div(.class("qr-box"), QRCodeView.render($0)) },
                            .p(.code(.text(card.link))))
                    })
            ))
    }
}
