import Plot

/// The end of a game: results per team and, for the defence game, everything the facilitator can
/// reveal — per chain and round what was stopped and by what, the losses, the priorities, the best plan.
public enum GameDebriefPage {
    public struct Table: Sendable {
        public var caption: String
        public var columns: [String]
        public var rows: [[String]]
        public init(caption: String, columns: [String], rows: [[String]]) {
            self.caption = caption
            self.columns = columns
            self.rows = rows
        }
    }

    public struct Section: Sendable {
        public var heading: String
        public var paragraphs: [String]
        public var tables: [Table]
        public init(heading: String, paragraphs: [String] = [], tables: [Table] = []) {
            self.heading = heading
            self.paragraphs = paragraphs
            self.tables = tables
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var sections: [Section]
        public var keyMessages: [String]
        public var report: String
        public init(slug: String, id: String, title: String, sections: [Section], keyMessages: [String], report: String)
        {
            self.slug = slug
            self.id = id
            self.title = title
            self.sections = sections
            self.keyMessages = keyMessages
            self.report = report
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Debrief – \(model.title)", chrome: chrome,
            content: .div(
                .class("report"),
                .p(
                    .class("no-print"),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .game(id: model.id)).path),
                        .text("Back to the game"))),
                .h1(.text("Debrief: \(model.title)")),
                .forEach(model.sections) { section in
                    .group(
                        .h2(.text(section.heading)),
                        .forEach(section.paragraphs) { .p(.text($0)) },
                        .forEach(section.tables) { table($0) })
                },
                .h2(.text("Key messages")),
                .ul(.class("list"), .forEach(model.keyMessages) { .li(.text($0)) }),
                .h2(.text("Where to report")),
                .p(.text(model.report))
            ))
    }

    static func table(_ t: Table) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .class("table"),
                .caption(.class("table-caption"), .text(t.caption)),
                .thead(.tr(.forEach(t.columns) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(t.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) })))
    }
}

/// A participation certificate for one team: printable, with the team name, game and date.
public enum GameCertificatePage {
    public static func render(team: String, game: String, partnership: String, date: String, achievement: String)
        -> String
    {
        Page.render(
            title: "Certificate – \(team)", chrome: Chrome(),
            content: .div(
                .class("certificate"),
                .p(.class("certificate-kicker"), .text("Certificate of taking part")),
                .h1(.text(team)),
                .p(.text("took part in "), .strong(.text(game)), .text(" on \(date).")),
                .p(.text(achievement)),
                .p(.text(partnership)),
                .p(
                    .class("no-print"),
                    .button(
                        .type(.button), .class("button"), .attribute(named: "data-print", value: "true"),
                        .text("Print or save as PDF")),
                    .text(" Or use your browser's print command."))
            ), scripts: [.gameScript])
    }
}
