import Plot

/// Partnership settings: name, partner organisations, themes, objectives, audiences.
public enum SettingsPage {
    public struct Item: Sendable {
        public var id: String
        public var name: String
        public var detail: String?
        public init(id: String, name: String, detail: String? = nil) {
            self.id = id
            self.name = name
            self.detail = detail
        }
    }

    public struct List: Sendable {
        public var key: String
        public var title: String
        public var singular: String
        public var items: [Item]
        public init(key: String, title: String, singular: String, items: [Item]) {
            self.key = key
            self.title = title
            self.singular = singular
            self.items = items
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var partnershipName: String
        public var canEdit: Bool
        public var lists: [List]
        public var partnerKinds: [(value: String, label: String)]
        public var errors: [FormError]
        public var notice: String?
        /// Months after an event that attendees' names and emails are kept.
        public var retentionMonths: String
        /// One per line, shown to residents after "Where do I report this?".
        public var localContacts: String
        /// The public pages' colour, as typed or stored ("#1d70b8").
        public var brandColour: String
        /// Installed courses and whether the partnership offers each.
        public var courses: [(id: String, title: String, enabled: Bool)] = []
        public var hasLogo = false
        /// The small-number threshold, as typed or stored.
        public var threshold = "5"
        /// The month the reporting year starts in (1, 4, 7 or 10).
        public var yearStart = 4
        /// Whether everyone in the partnership must use two-step sign-in.
        public var requiresTwoStep = false
        /// The privacy notice's controller and DPO contact, as typed or stored, and what the notice still lacks.
        public var controller = ""
        public var dpo = ""
        public var privacyMissing: [String] = []
        /// Every kind of personal data, how long it is kept and what removes it (`RetentionSchedule`).
        public var kept: [(what: String, keptFor: String, then: String)] = []
        public init(
            slug: String, partnershipName: String, canEdit: Bool, lists: [List],
            partnerKinds: [(value: String, label: String)], errors: [FormError] = [], notice: String? = nil,
            retentionMonths: String = "12", localContacts: String = "", brandColour: String = ""
        ) {
            self.localContacts = localContacts
            self.brandColour = brandColour
            self.retentionMonths = retentionMonths
            self.slug = slug
            self.partnershipName = partnershipName
            self.canEdit = canEdit
            self.lists = lists
            self.partnerKinds = partnerKinds
            self.errors = errors
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Settings", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Partnership settings")),
                .if(model.canEdit, nameForm(model, csrf: chrome.csrfToken)),
                .forEach(model.lists) { list in section(list, model: model, csrf: chrome.csrfToken) },
                retention(model, csrf: chrome.csrfToken),
                keptTable(model),
                privacy(model, csrf: chrome.csrfToken),
                smallNumbers(model, csrf: chrome.csrfToken),
                reportingYear(model, csrf: chrome.csrfToken),
                twoStep(model, csrf: chrome.csrfToken),
                localContacts(model, csrf: chrome.csrfToken),
                brandColour(model, csrf: chrome.csrfToken),
                logo(model, csrf: chrome.csrfToken),
                courses(model, csrf: chrome.csrfToken)
            ))
    }

    static func retention(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Attendees' details")),
            .p(
                .text(
                    "Names and emails of people who book events are deleted this many months after each event; the counts stay. Sign-up forms tell people this."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsRetention), csrf: csrf,
                    Form.input(
                        .init(
                            name: "months", label: "Months to keep attendees' details", value: model.retentionMonths,
                            type: .number, width: "width-third"), errors: model.errors),
                    Form.submit("Save"))
                : .p(.strong(.text("\(model.retentionMonths) months")))
        )
    }

    static func keptTable(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("What is kept, and for how long")),
            .p(
                .text(
                    "Every kind of personal information SaferCyber holds, and what removes it. The server applies these every ten minutes; the same list is in the public privacy notice."
                )),
            TableScroll.region(
                .table(
                    .caption(.class("visually-hidden"), .text("Retention of personal information")),
                    .thead(.tr(.th(.text("What")), .th(.text("Kept for")), .th(.text("Then")))),
                    .tbody(
                        .forEach(model.kept) { k in .tr(.td(.text(k.what)), .td(.text(k.keptFor)), .td(.text(k.then))) }
                    )
                )))
    }

    static func privacy(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Privacy notice")),
            .p(
                .text("Your public pages link to a privacy notice made from these settings: "),
                .a(.href(SiteURL.publicPrivacy(slug: model.slug).path), .text("read the privacy notice")),
                .text(" and the "),
                .a(.href(SiteURL.publicAccessibility(slug: model.slug).path), .text("accessibility statement")),
                .text(".")),
            .if(
                !model.privacyMissing.isEmpty,
                .div(
                    .class("panel panel-finding"),
                    .p(.text("The notice still needs:")),
                    .ul(.forEach(model.privacyMissing) { .li(.text($0)) }),
                    .p(.text("The contact email address is set on the Outbox page.")))),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsPrivacy), csrf: csrf,
                    Form.input(
                        .init(
                            name: "controller", label: "Data controller",
                            hint:
                                "The organisation responsible for the personal information, for example the lead council",
                            value: model.controller, width: "width-two-thirds"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "dpo", label: "How to contact the data protection officer",
                            hint: "For example: dpo@council.gov.uk, or a postal address", value: model.dpo,
                            width: "width-two-thirds"), errors: model.errors),
                    Form.submit("Save"))
                : .p(.text("Data controller: \(model.controller.isEmpty ? "not set" : model.controller)"))
        )
    }

    static func smallNumbers(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Small numbers")),
            .p(
                .text(
                    "Counts of people below this number are shown as “<\(model.threshold)” to viewers and in the board report, and further counts are withheld (“[c]”) so that they cannot be worked out. Your information governance lead may set a higher number; 5 is the default."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsDisclosure), csrf: csrf,
                    Form.input(
                        .init(
                            name: "threshold", label: "Smallest count shown", value: model.threshold, type: .number,
                            width: "width-third"), errors: model.errors),
                    Form.submit("Save"))
                : .p(.strong(.text(model.threshold)))
        )
    }

    static func reportingYear(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let months = [1, 4, 7, 10].map { ("\($0)", ["January", "April", "July", "October"][($0 - 1) / 3]) }
        let current = months.first { $0.0 == "\(model.yearStart)" }?.1 ?? "April"
        return .section(
            .h2(.text("Reporting year")),
            .p(
                .text(
                    "The board report names quarters and counts the year to date from this month. A council's financial year starts in April, so its Q1 is April to June and its Q3 is October to December."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsYearStart), csrf: csrf,
                    Form.select(
                        name: "month", id: "year-start", label: "The reporting year starts in", options: months,
                        selected: "\(model.yearStart)", errors: model.errors),
                    Form.submit("Save"))
                : .p(.strong(.text(current)))
        )
    }

    static func twoStep(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Two-step sign-in")),
            .p(
                .text(
                    "Administrators and safeguarding leads always sign in with a code from an authenticator app. You can require it of everyone in the partnership."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsTwoStep), csrf: csrf,
                    Form.hidden("required", model.requiresTwoStep ? "no" : "yes"),
                    .p(
                        .text(
                            model.requiresTwoStep
                                ? "Everyone in the partnership must use it."
                                : "Only the roles that need it must use it.")),
                    Form.submit(
                        model.requiresTwoStep ? "Require it only where a role needs it" : "Require it of everyone"))
                : .p(.strong(.text(model.requiresTwoStep ? "Required of everyone" : "Required where a role needs it")))
        )
    }

    static func localContacts(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Local contacts")),
            .p(
                .text(
                    "Shown to residents at the end of “Where do I report this?”, under “Local help”: your own teams, your Prevent and Cyber Choices contacts."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsLocalContacts), csrf: csrf,
                    Form.textarea(
                        "localContacts", "Local contacts",
                        hint: "One per line, like “Community safety team: 0300 000 0000”.",
                        value: model.localContacts, errors: model.errors, rows: 5),
                    Form.submit("Save contacts"))
                : .ul(
                    .forEach(model.localContacts.split(whereSeparator: \.isNewline).map(String.init)) { .li(.text($0)) }
                )
        )
    }

    static func brandColour(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Colour of your public pages")),
            .p(
                .text(
                    "The header and buttons of your public pages use this colour with white text, so it must be dark enough to read: a contrast of at least 4.5:1 is checked."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsBrandColour), csrf: csrf,
                    Form.input(
                        .init(
                            name: "brandColour", label: "Colour",
                            hint: "A hex code, like #1d70b8. Leave empty for the standard colours.",
                            value: model.brandColour, width: "width-third"), errors: model.errors),
                    Form.submit("Save colour"))
                : .p(.text(model.brandColour.isEmpty ? "The standard colours." : model.brandColour))
        )
    }

    static func logo(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Logo")),
            .p(
                .text(
                    model.hasLogo
                        ? "Your logo is shown at the top of your public home page."
                        : "No logo yet: your public home page shows your name only.")),
            .if(
                model.hasLogo,
                .p(
                    .img(
                        .class("partnership-logo"), .src(SiteURL.publicLogo(slug: model.slug).path),
                        .alt("Your current logo")))),
            .if(
                model.canEdit,
                .group(
                    .form(
                        .action(SiteURL.partnership(slug: model.slug, .settingsLogo).path), .method(.post),
                        .enctype(.multipartData),
                        .attribute(named: "novalidate"),
                        .element(
                            named: "div",
                            nodes: [
                                Form.csrfField(csrf),
                                Form.fileInput(
                                    name: "logo", label: "Logo image",
                                    hint:
                                        "A PNG or JPEG file, at most 1 MB. Your name is always shown in text as well, so the logo needs no words of its own.",
                                    accept: "image/png,image/jpeg", errors: model.errors),
                                Form.submit("Upload logo"),
                            ])),
                    .if(
                        model.hasLogo,
                        Form.postButton(
                            to: .partnership(slug: model.slug, .settingsLogo), label: "Remove the logo", csrf: csrf,
                            action: "remove"))
                ))
        )
    }

    static func courses(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("Short courses offered")),
            .p(
                .text(
                    "Residents can take these courses from your public pages. Courses you switch off disappear from your pages; completions already counted stay."
                )),
            model.canEdit
                ? Form.post(
                    to: .partnership(slug: model.slug, .settingsCourses), csrf: csrf,
                    Form.checkboxes(
                        name: "course", legend: "Courses", options: model.courses.map { ($0.id, $0.title) },
                        selected: Set(model.courses.filter(\.enabled).map(\.id)), errors: model.errors),
                    Form.submit("Save courses"))
                : .ul(.forEach(model.courses) { .li(.text($0.title + ($0.enabled ? "" : " (switched off)"))) })
        )
    }

    static func nameForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        Form.post(
            to: .partnership(slug: model.slug, .settingsName), csrf: csrf,
            Form.input(
                .init(name: "partnershipName", label: "Partnership name", value: model.partnershipName),
                errors: model.errors),
            Form.submit("Save name"))
    }

    static func section(_ list: List, model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .attribute(named: "aria-labelledby", value: "\(list.key)-title"),
            .h2(.id("\(list.key)-title"), .text(list.title)),
            TableScroll.region(
                .table(
                    .caption(.class("visually-hidden"), .text(list.title)),
                    .thead(.tr(.th(.text("Name")), .if(model.canEdit, .th(.text("Change"))))),
                    .tbody(.forEach(list.items) { item in row(item, list: list, model: model, csrf: csrf) })
                )),
            .if(model.canEdit, addForm(list, model: model, csrf: csrf))
        )
    }

    static func row(_ item: Item, list: List, model: Model, csrf: String) -> Node<HTML.TableContext> {
        .tr(
            .td(.text(item.name), .unwrap(item.detail) { .span(.class("hint"), .text(" (\($0))")) }),
            .if(
                model.canEdit,
                .td(
                    Form.disclosure(
                        "Rename or remove", hidden: " \(item.name)",
                        Form.post(
                            to: .partnership(slug: model.slug, .settingsRename(list: list.key, id: item.id)),
                            csrf: csrf,
                            Form.input(
                                .init(
                                    name: "name", label: "New name for ‘\(item.name)’", value: item.name,
                                    id: "rename-\(list.key)-\(item.id)"),
                                errors: model.errors),
                            Form.submit("Rename")),
                        Form.postButton(
                            to: .partnership(slug: model.slug, .settingsRemove(list: list.key, id: item.id)),
                            label: "Remove ‘\(item.name)’", csrf: csrf, style: "button warning"))
                ))
        )
    }

    static func article(_ noun: String) -> String { "aeiou".contains(noun.prefix(1)) ? "an" : "a" }

    static func addForm(_ list: List, model: Model, csrf: String) -> Node<HTML.BodyContext> {
        Form.post(
            to: .partnership(slug: model.slug, .settingsAdd(list: list.key)), csrf: csrf,
            Form.input(
                .init(
                    name: "name", label: "Add \(article(list.singular)) \(list.singular)", width: "width-half",
                    id: "add-\(list.key)"),
                errors: model.errors),
            .if(
                list.key == "partners",
                Form.select(
                    name: "kind", label: "Kind of organisation", options: model.partnerKinds, selected: nil, errors: [])
            ),
            Form.submit("Add \(list.singular)"))
    }
}
