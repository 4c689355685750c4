import Plot

/// The facilitator's control room for one game: the code to show, the controls, and every team's
/// progress, kept live by game.js (tables re-drawn from the JSON the server pushes).
public enum FacilitatorPage {
    public struct Column: Sendable {
        public var key: String, label: String, numeric: Bool
        public init(_ key: String, _ label: String, numeric: Bool = false) {
            self.key = key
            self.label = label
            self.numeric = numeric
        }
    }

    public struct Control: Sendable {
        public var action: String, label: String, primary: Bool
        public init(action: String, label: String, primary: Bool = false) {
            self.action = action
            self.label = label
            self.primary = primary
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var id: String
        public var title: String
        public var scenarioTitle: String
        public var isEscape: Bool
        public var code: String
        public var joinAddress: String
        public var status: String
        public var remaining: Int?
        public var running: Bool
        public var sequence: Int
        public var roundText: String?
        public var controls: [Control]
        public var teamColumns: [Column]
        public var teamRows: [[String: String]]
        public var boardColumns: [Column]
        public var boardRows: [[String: String]]
        public var teams: [(value: String, label: String)]
        public var notice: String?
        public var error: String?
        public var canRun: Bool
        /// The join link as a QR code (SVG made by SaferCyberCore's encoder), for phones to scan.
        public var qr: QRCodeView.Model?
        public init(
            slug: String, id: String, title: String, scenarioTitle: String, isEscape: Bool, code: String,
            joinAddress: String, status: String,
            remaining: Int?, running: Bool, sequence: Int, roundText: String?, controls: [Control],
            teamColumns: [Column], teamRows: [[String: String]],
            boardColumns: [Column], boardRows: [[String: String]], teams: [(value: String, label: String)],
            notice: String?, error: String?, canRun: Bool
        ) {
            self.slug = slug
            self.id = id
            self.title = title
            self.scenarioTitle = scenarioTitle
            self.isEscape = isEscape
            self.code = code
            self.joinAddress = joinAddress
            self.status = status
            self.remaining = remaining
            self.running = running
            self.sequence = sequence
            self.roundText = roundText
            self.controls = controls
            self.teamColumns = teamColumns
            self.teamRows = teamRows
            self.boardColumns = boardColumns
            self.boardRows = boardRows
            self.teams = teams
            self.notice = notice
            self.error = error
            self.canRun = canRun
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        let control = SiteURL.partnership(slug: model.slug, .gameControl(id: model.id))
        let errors = model.error.map { [FormError(field: "message", message: $0)] } ?? []
        return Page.render(
            title: model.title, chrome: chrome,
            content: .div(
                .attribute(
                    named: "data-live", value: SiteURL.partnership(slug: model.slug, .gameLive(id: model.id)).path),
                .attribute(
                    named: "data-poll", value: SiteURL.partnership(slug: model.slug, .gameState(id: model.id)).path),
                .attribute(named: "data-seq", value: "\(model.sequence)"),
                .attribute(named: "data-audience", value: "facilitator"),
                Form.errorSummary(errors),
                .unwrap(model.notice) {
                    .div(.class("panel panel-success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .games).path), .text("All games"))),
                .h1(.text(model.title)),
                .p(
                    .text("\(model.scenarioTitle) · "),
                    .span(.attribute(named: "data-field", value: "status"), .text(model.status)),
                    .unwrap(model.roundText) { .text(" · \($0)") }),
                .div(
                    .class("panel panel-finding join-panel"),
                    .unwrap(model.qr) { .div(.class("qr-box"), QRCodeView.render($0)) },
                    .p(
                        .text("Players go to "), .strong(.text(model.joinAddress)),
                        .text(" and enter the code, or scan the QR code")),
                    .p(.class("code"), .text(model.code))),
                .unwrap(model.remaining) { PlayPage.timer($0, running: model.running) },
                .p(
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .gameProjector(id: model.id)).path),
                        .attribute(named: "target", value: "_blank"),
                        .text("Open the projector view (new tab)")),
                    .text(" · "),
                    .a(
                        .href(SiteURL.partnership(slug: model.slug, .gameDebrief(id: model.id)).path),
                        .text(model.isEscape ? "Results and debrief" : "What happened (facilitator only) and debrief"))),
                .if(
                    model.canRun,
                    .group(
                        .h2(.text("Controls")),
                        .div(
                            .class("button-group"),
                            .forEach(model.controls) { c in
                                Form.postButton(
                                    to: control, label: c.label, csrf: chrome.csrfToken,
                                    style: c.primary ? "button" : "button secondary", action: c.action)
                            }))),
                .h2(.text("Teams")),
                table(
                    id: "live-teams", caption: "Each team's progress", columns: model.teamColumns, rows: model.teamRows,
                    empty: "No teams have joined yet."),
                .h2(.text("Leaderboard")),
                table(
                    id: "live-board", caption: "Leaderboard", columns: model.boardColumns, rows: model.boardRows,
                    empty: "No teams yet."),
                .if(
                    model.canRun && !model.teams.isEmpty,
                    .group(
                        .h2(.text("Send a message")),
                        Form.post(
                            to: control, csrf: chrome.csrfToken,
                            Form.hidden("action", "message"),
                            Form.select(
                                name: "team", id: "message-team", label: "To",
                                options: [(value: "", label: "Every team")] + model.teams, selected: nil, errors: []),
                            Form.input(
                                .init(name: "text", label: "Message", hint: "Up to 300 characters", id: "message"),
                                errors: errors),
                            .button(.type(.submit), .class("button secondary"), .text("Send message"))),
                        .if(
                            model.isEscape,
                            Form.post(
                                to: control, csrf: chrome.csrfToken,
                                Form.hidden("action", "push-hint"),
                                Form.select(
                                    name: "team", id: "hint-team", label: "Give a free hint to", options: model.teams,
                                    selected: nil, errors: []),
                                .button(.type(.submit), .class("button secondary"), .text("Send the next hint")))),
                        .if(
                            !model.isEscape,
                            Form.post(
                                to: control, csrf: chrome.csrfToken,
                                Form.hidden("action", "confirm"),
                                Form.select(
                                    name: "team", id: "confirm-team",
                                    label: "Confirm a team's choice for this round (when it cannot agree in time)",
                                    options: model.teams, selected: nil, errors: []),
                                .button(.type(.submit), .class("button secondary"), .text("Confirm their choice"))))
                    ))
            ), scripts: [.gameScript])
    }

    static func table(id: String, caption: String, columns: [Column], rows: [[String: String]], empty: String) -> Node<
        HTML.BodyContext
    > {
        TableScroll.region(
            .table(
                .class("table"), .id(id),
                .attribute(named: "data-columns", value: columns.map(\.key).joined(separator: ",")),
                .attribute(named: "data-numeric", value: columns.filter(\.numeric).map(\.key).joined(separator: ",")),
                .caption(.class("visually-hidden"), .text(caption)),
                .thead(
                    .tr(
                        .forEach(columns) { c in
                            .th(
                                .attribute(named: "scope", value: "col"), .class(c.numeric ? "numeric" : ""),
                                .text(c.label))
                        })),
                .tbody(
                    .if(rows.isEmpty, .tr(.td(.attribute(named: "colspan", value: "\(columns.count)"), .text(empty)))),
                    .forEach(rows) { row in
                        .tr(.forEach(columns) { c in .td(.class(c.numeric ? "numeric" : ""), .text(row[c.key] ?? "")) })
                    })))
    }
}

/// The projector: the code, the clock and the leaderboard, large, for the room.
public enum ProjectorPage {
    public static func render(_ model: FacilitatorPage.Model, chrome: Chrome) -> String {
        Page.render(
            title: "\(model.title) – projector", chrome: Chrome(),
            content: .div(
                .class("projector"),
                .attribute(
                    named: "data-live",
                    value: SiteURL.partnership(slug: model.slug, .gameLive(id: model.id)).path + "?view=projector"),
                .attribute(
                    named: "data-poll",
                    value: SiteURL.partnership(slug: model.slug, .gameState(id: model.id)).path + "?view=projector"),
                .attribute(named: "data-seq", value: "\(model.sequence)"),
                .attribute(named: "data-audience", value: "projector"),
                .h1(.text(model.title)),
                .div(
                    .class("projector-join"),
                    .unwrap(model.qr) { .div(.class("qr-box"), QRCodeView.render($0)) },
                    .p(
                        .text("Join at "), .strong(.text(model.joinAddress)), .text(" with code "),
                        .span(.class("code"), .text(model.code)))),
                .p(.attribute(named: "data-field", value: "status"), .text(model.status)),
                .unwrap(model.remaining) { PlayPage.timer($0, running: model.running) },
                FacilitatorPage.table(
                    id: "live-board", caption: "Leaderboard", columns: model.boardColumns, rows: model.boardRows,
                    empty: "Waiting for teams to join.")
            ), scripts: [.gameScript])
    }
}
