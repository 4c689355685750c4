import Plot

/// The partnership's classification rules: list, add, edit, order, turn off, re-run; and look up a record.
public enum CrimeRulesPage {
    public struct Rule: Sendable {
        public var id: String
        public var number: Int
        public var kind: String
        public var kindLabel: String
        public var pattern: String
        public var themeID: String
        public var theme: String
        public var cyber: String
        public var cyberLabel: String
        public var enabled: Bool
        public init(
            id: String, number: Int, kind: String, kindLabel: String, pattern: String, themeID: String, theme: String,
            cyber: String, cyberLabel: String, enabled: Bool
        ) {
            self.id = id
            self.number = number
            self.kind = kind
            self.kindLabel = kindLabel
            self.pattern = pattern
            self.themeID = themeID
            self.theme = theme
            self.cyber = cyber
            self.cyberLabel = cyberLabel
            self.enabled = enabled
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var rules: [Rule]
        public var kinds: [(value: String, label: String)]
        public var themes: [(value: String, label: String)]
        public var classes: [(value: String, label: String)]
        public var notice: String?
        public var errors: [FormError]
        public init(
            slug: String, rules: [Rule], kinds: [(value: String, label: String)],
            themes: [(value: String, label: String)],
            classes: [(value: String, label: String)], notice: String? = nil, errors: [FormError] = []
        ) {
            self.slug = slug
            self.rules = rules
            self.kinds = kinds
            self.themes = themes
            self.classes = classes
            self.notice = notice
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Classification rules", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Classification rules")),
                .p(
                    .text(
                        "Rules put each crime record into one of the partnership's themes and decide whether it is cyber-enabled, cyber-dependent or not cyber. They are tried in order: the first rule that names a theme gives the theme, the first that names a class gives the class. A record the police flagged online is at least cyber-enabled. Each record remembers which rules matched."
                    )),
                rulesTable(model, csrf: chrome.csrfToken),
                .h2(.text("Add a rule")),
                ruleForm(model, csrf: chrome.csrfToken, rule: nil),
                .h2(.text("Apply the rules to every record")),
                .p(
                    .text(
                        "Changing rules does not change records already imported until you re-run them. Counts on every page are then rebuilt."
                    )),
                Form.postButton(
                    to: .partnership(slug: model.slug, .crimeReclassify), label: "Re-run the rules over all records",
                    csrf: chrome.csrfToken, style: "button"),
                .h2(.text("Look up a record")),
                .form(
                    .action(SiteURL.partnership(slug: model.slug, .crimeRecord).path), .method(.get),
                    .element(
                        named: "div",
                        nodes: [
                            Form.input(
                                .init(
                                    name: "reference", label: "Crime reference",
                                    hint:
                                        "Shows the record and which rule matched it. Looking at a record is recorded in the audit log.",
                                    width: "width-half"), errors: []),
                            Form.submit("Look up"),
                        ]))
            ))
    }

    static func rulesTable(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.class("visually-hidden"), .text("Rules in the order they are tried")),
                .thead(
                    .tr(
                        .th(.text("Rule")), .th(.text("Looks for")), .th(.text("Theme")), .th(.text("Class")),
                        .th(.text("Actions")))),
                .tbody(
                    .forEach(model.rules) { rule in
                        .tr(
                            .if(!rule.enabled, .class("muted")),
                            .td(.text("\(rule.number)"), .if(!rule.enabled, .span(.class("tag"), .text(" Off")))),
                            .td(.text("\(rule.kindLabel): "), .code(.text(rule.pattern))),
                            .td(.text(rule.theme)), .td(.text(rule.cyberLabel)),
                            .td(
                                Form.postButton(
                                    to: .partnership(slug: model.slug, .crimeRule(id: rule.id)), label: "Move up",
                                    csrf: csrf, action: "up", context: "rule \(rule.number)"),
                                Form.postButton(
                                    to: .partnership(slug: model.slug, .crimeRule(id: rule.id)), label: "Move down",
                                    csrf: csrf, action: "down", context: "rule \(rule.number)"),
                                Form.postButton(
                                    to: .partnership(slug: model.slug, .crimeRule(id: rule.id)),
                                    label: rule.enabled ? "Turn off" : "Turn on", csrf: csrf, action: "toggle",
                                    context: "rule \(rule.number)"),
                                Form.postButton(
                                    to: .partnership(slug: model.slug, .crimeRule(id: rule.id)), label: "Remove",
                                    csrf: csrf, action: "remove", context: "rule \(rule.number)"),
                                Form.disclosure(
                                    "Edit rule \(rule.number)", hidden: "edit-\(rule.id)",
                                    ruleForm(model, csrf: csrf, rule: rule))))
                    })
            ))
    }

    static func ruleForm(_ model: Model, csrf: String, rule: Rule?) -> Node<HTML.BodyContext> {
        let prefix = rule.map { "rule-\($0.number)-" } ?? ""
        let target: PartnershipPage = rule.map { .crimeRule(id: $0.id) } ?? .crimeRules
        return Form.post(
            to: .partnership(slug: model.slug, target), csrf: csrf,
            .input(.type(.hidden), .name("action"), .value(rule == nil ? "add" : "edit")),
            Form.select(
                name: "kind", id: prefix + "kind", label: "Looks at", options: model.kinds, selected: rule?.kind,
                errors: rule == nil ? model.errors : []),
            Form.input(
                .init(
                    name: "pattern", label: "Codes, words or phrases",
                    hint:
                        "Separate them with commas. For offence codes, 53* matches every code starting 53. Words match anywhere, ignoring capitals.",
                    value: rule?.pattern ?? "", id: prefix + "pattern"), errors: rule == nil ? model.errors : []),
            Form.select(
                name: "theme", id: prefix + "theme", label: "Theme it gives",
                options: [("", "No theme (leave to other rules)")] + model.themes,
                selected: rule?.themeID, errors: rule == nil ? model.errors : []),
            Form.select(
                name: "cyber", id: prefix + "cyber", label: "Class it gives",
                options: [("", "No class (leave to other rules)")] + model.classes,
                selected: rule?.cyber, errors: []),
            Form.submit(rule == nil ? "Add rule" : "Save rule"))
    }
}
