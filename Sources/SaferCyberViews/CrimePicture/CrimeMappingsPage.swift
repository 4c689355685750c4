import Plot

/// Saved column mappings: paste a file's first line, then say which column holds what.
public enum CrimeMappingsPage {
    public struct FieldChoice: Sendable {
        public var field: String
        public var label: String
        public var selected: String
        public init(field: String, label: String, selected: String) {
            self.field = field
            self.label = label
            self.selected = selected
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var saved: [(name: String, summary: String)]
        /// Set once a header has been read: the columns to choose from.
        public var columns: [String]?
        public var headerLine: String
        public var name: String
        public var choices: [FieldChoice]
        public var errors: [FormError]
        public init(
            slug: String, saved: [(name: String, summary: String)], columns: [String]?, headerLine: String,
            name: String,
            choices: [FieldChoice], errors: [FormError] = []
        ) {
            self.slug = slug
            self.saved = saved
            self.columns = columns
            self.headerLine = headerLine
            self.name = name
            self.choices = choices
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Column mappings", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .p(.a(.href(SiteURL.partnership(slug: model.slug, .crimeImports).path), .text("Back to imports"))),
                .h1(.text("Column mappings")),
                .p(
                    .text(
                        "A mapping lets you import any force's export: say once which of its columns holds each piece of information, and choose the mapping as the kind of file when you import."
                    )),
                .if(
                    !model.saved.isEmpty,
                    .group(
                        .h2(.text("Saved mappings")),
                        .ul(.forEach(model.saved) { .li(.strong(.text($0.name)), .text(": \($0.summary)")) }))),
                model.columns == nil
                    ? headerForm(model, csrf: chrome.csrfToken) : mappingForm(model, csrf: chrome.csrfToken)
            ))
    }

    static func headerForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text("New mapping: step 1 of 2")),
            Form.post(
                to: .partnership(slug: model.slug, .crimeMappings), csrf: csrf,
                .input(.type(.hidden), .name("action"), .value("header")),
                .div(
                    .class("form-group"),
                    .label(.class("label"), .for("header"), .text("The first line of the file (the column names)")),
                    .div(
                        .class("hint"), .id("header-hint"),
                        .text(
                            "Open the CSV file in a text editor and copy its first line, or type the column names separated by commas."
                        )),
                    .unwrap(model.errors.first { $0.field == "header" }) {
                        .p(
                            .class("error-message"), .id("header-error"),
                            .span(.class("visually-hidden"), .text("Error: ")), .text($0.message))
                    },
                    .textarea(
                        .id("header"), .name("header"), .class("input width-full"),
                        .attribute(named: "rows", value: "3"),
                        .attribute(named: "aria-describedby", value: "header-hint"), .text(model.headerLine))),
                Form.submit("Continue"))
        )
    }

    static func mappingForm(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        let options = [("", "Not in this file")] + (model.columns ?? []).map { ($0, $0) }
        return .section(
            .h2(.text("New mapping: step 2 of 2")),
            Form.post(
                to: .partnership(slug: model.slug, .crimeMappings), csrf: csrf,
                .input(.type(.hidden), .name("action"), .value("save")),
                Form.hidden("header", model.headerLine),
                Form.input(
                    .init(
                        name: "name", label: "Name of this mapping", hint: "For example, the force's name",
                        value: model.name, width: "width-half"),
                    errors: model.errors),
                .forEach(model.choices) { choice in
                    Form.select(
                        name: choice.field, label: choice.label, options: options, selected: choice.selected,
                        errors: model.errors)
                },
                Form.submit("Save mapping"))
        )
    }
}
