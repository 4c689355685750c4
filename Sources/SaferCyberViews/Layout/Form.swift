import Plot

/// Form parts following the GOV.UK Design System patterns: labels, hints, inline errors, error summary.
public enum Form {
    // Attribute values are escaped where they are written (SafeAttributes.swift), so nothing here escapes.

    /// A hidden field carrying a value back with the form.
    public static func hidden(_ name: String, _ value: String) -> Node<HTML.BodyContext> {
        .input(.type(.hidden), .name(name), .value(value))
    }

    /// The hidden field every state-changing form carries; the server refuses a POST without it.
    public static func csrfField(_ token: String) -> Node<HTML.BodyContext> {
        .input(.type(.hidden), .name("csrf"), .value(token))
    }

    /// A form that POSTs to `url` with the CSRF token and the given body.
    public static func post(to url: SiteURL, csrf: String, _ body: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext>
    {
        .form(
            .action(url.path), .method(.post), .attribute(named: "novalidate"),
            .element(named: "div", nodes: [csrfField(csrf)] + body))
    }

    /// A group of related fields under a legend (in body context, which Plot's own fieldset is not).
    public static func fieldset(_ legend: String, _ nodes: [Node<HTML.BodyContext>]) -> Node<HTML.BodyContext> {
        .element(
            named: "fieldset", nodes: [.class("form-group"), .element(named: "legend", nodes: [.text(legend)])] + nodes)
    }

    /// A one-button form (sign out, remove, revoke).
    /// `context` is read only by screen readers, so that a list of identical buttons says what each acts on.
    public static func postButton(
        to url: SiteURL, label: String, csrf: String, style: String = "button secondary",
        action: String? = nil, context: String? = nil
    ) -> Node<HTML.BodyContext> {
        .form(
            .action(url.path), .method(.post), .class("inline-form"),
            .element(
                named: "div",
                nodes: [
                    csrfField(csrf),
                    .unwrap(action) { .input(.type(.hidden), .name("action"), .value($0)) },
                    .button(
                        .type(.submit), .class(style), .text(label),
                        .unwrap(context) { .span(.class("visually-hidden"), .text(" \($0)")) }),
                ]))
    }

    /// "There is a problem" box at the top of a page, linking to each field in error.
    public static func errorSummary(_ errors: [FormError]) -> Node<HTML.BodyContext> {
        .if(
            !errors.isEmpty,
            .div(
                .class("error-summary"), .attribute(named: "role", value: "alert"),
                .attribute(named: "aria-labelledby", value: "error-summary-title"),
                .attribute(named: "tabindex", value: "-1"),
                .h2(.id("error-summary-title"), .text("There is a problem")),
                .ul(.forEach(errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) })
            )
        )
    }

    public struct Field {
        public var name: String
        /// The element id (and error-summary anchor); defaults to `name`. Must be unique on the page.
        public var id: String
        public var label: String
        public var hint: String? = nil
        public var value: String = ""
        public var type: HTMLInputType = .text
        public var autocomplete: String? = nil
        public var width: String = "width-full"
        public init(
            name: String, label: String, hint: String? = nil, value: String = "", type: HTMLInputType = .text,
            autocomplete: String? = nil, width: String = "width-full", id: String? = nil
        ) {
            self.name = name
            self.id = id ?? name
            self.label = label
            self.hint = hint
            self.value = value
            self.type = type
            self.autocomplete = autocomplete
            self.width = width
        }
    }

    /// A labelled text input with optional hint and inline error.
    public static func input(_ field: Field, errors: [FormError]) -> Node<HTML.BodyContext> {
        let error = errors.message(for: field.id)
        let described = [field.hint.map { _ in "\(field.id)-hint" }, error.map { _ in "\(field.id)-error" }]
            .compactMap { $0 }.joined(separator: " ")
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .label(.class("label"), .for(field.id), .text(field.label)),
            .unwrap(field.hint) { .div(.class("hint"), .id("\(field.id)-hint"), .text($0)) },
            .unwrap(error) {
                .p(
                    .class("error-message"), .id("\(field.id)-error"),
                    .span(.class("visually-hidden"), .text("Error: ")), .text($0))
            },
            .input(
                .type(field.type), .id(field.id), .name(field.name), .class("input \(field.width)"),
                .value(field.type == .password ? "" : field.value),
                .attribute(named: "autocomplete", value: field.autocomplete),
                .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described),
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true"))
        )
    }

    /// The one-quarter form a role without exact counts gets in place of a period (crime picture, engagement,
    /// referral figures): why it sees one quarter at a time, the quarters offered, and a button.
    public static func quarterPicker(
        action: SiteURL, why: String, options: [(value: String, label: String)], selected: String?,
        errors: [FormError] = [], keeping hidden: [(name: String, value: String)] = []
    ) -> Node<HTML.BodyContext> {
        .form(
            .action(action.path), .method(.get), .class("filters"),
            .p(.class("hint"), .text(why)),
            .element(
                named: "div",
                nodes: hidden.map { Node.input(.type(.hidden), .name($0.name), .value($0.value)) } + [
                    select(name: "to", label: "Quarter", options: options, selected: selected, errors: errors),
                    submit("Show"),
                ]))
    }

    /// A labelled drop-down list.
    public static func select(
        name: String, id: String? = nil, label: String, options: [(value: String, label: String)], selected: String?,
        errors: [FormError]
    ) -> Node<HTML.BodyContext> {
        let id = id ?? name
        let error = errors.message(for: id)
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .label(.class("label"), .for(id), .text(label)),
            .unwrap(error) {
                .p(
                    .class("error-message"), .id("\(id)-error"),
                    .span(.class("visually-hidden"), .text("Error: ")), .text($0))
            },
            .select(
                .id(id), .attribute(named: "name", value: name), .class("select"),
                .forEach(options) { option in optionNode(option, selected: selected) })
        )
    }

    static func optionNode(_ option: (value: String, label: String), selected: String?) -> Node<HTML.SelectContext> {
        .element(
            named: "option",
            nodes: [
                Node<HTML.OptionContext>.attribute(
                    named: "value", value: option.value, ignoreIfValueIsEmpty: false),
                option.value == selected ? .attribute(named: "selected") : .empty,
                .text(option.label),
            ])
    }

    /// A "details" disclosure whose body holds ordinary content (forms, paragraphs).
    public static func disclosure(_ summary: String, hidden: String, _ content: Node<HTML.BodyContext>...) -> Node<
        HTML.BodyContext
    > {
        .details(
            .summary(.text(summary), .span(.class("visually-hidden"), .text(hidden))),
            .element(named: "div", nodes: content))
    }

    /// A labelled multi-line text box with optional hint and inline error.
    public static func textarea(
        _ name: String, _ label: String, hint: String?, value: String, errors: [FormError], rows: Int = 4,
        id: String? = nil
    ) -> Node<HTML.BodyContext> {
        let id = id ?? name
        let error = errors.message(for: id)
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }.joined(
            separator: " ")
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .label(.class("label"), .for(id), .text(label)),
            .unwrap(hint) { .div(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .unwrap(error) {
                .p(
                    .class("error-message"), .id("\(id)-error"), .span(.class("visually-hidden"), .text("Error: ")),
                    .text($0))
            },
            .textarea(
                .id(id), .name(name), .class("input width-full"), .attribute(named: "rows", value: "\(rows)"),
                .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described),
                .attribute(named: "aria-invalid", value: error == nil ? nil : "true"), .text(value)))
    }

    /// A group of checkboxes under a legend; the first box carries the group's id so the error summary can link to it.
    public static func checkboxes(
        name: String, id: String? = nil, legend: String, hint: String? = nil, options: [(value: String, label: String)],
        selected: Set<String>, errors: [FormError]
    ) -> Node<HTML.BodyContext> {
        let id = id ?? name
        let error = errors.message(for: id)
        let boxes: [Node<HTML.BodyContext>] = options.enumerated().map { index, option in
            checkbox(
                name: name, id: index == 0 ? id : "\(id)-\(index)", value: option.value, label: option.label,
                checked: selected.contains(option.value))
        }
        var nodes: [Node<HTML.BodyContext>] = [.element(named: "legend", nodes: [.class("label"), .text(legend)])]
        if let hint { nodes.append(.div(.class("hint"), .text(hint))) }
        if let error {
            nodes.append(.p(.class("error-message"), .span(.class("visually-hidden"), .text("Error: ")), .text(error)))
        }
        nodes.append(.div(.class(options.count > 12 ? "checkbox-scroll" : "checkbox-list"), .group(boxes)))
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .element(named: "fieldset", nodes: nodes))
    }

    /// One labelled checkbox.
    public static func checkbox(name: String, id: String, value: String, label: String, checked: Bool) -> Node<
        HTML.BodyContext
    > {
        .div(
            .class("checkbox"),
            .input(
                .type(.checkbox), .name(name), .value(value), .id(id),
                .attribute(named: "checked", value: checked ? "checked" : nil)),
            .label(.for(id), .text(label)))
    }

    /// A group of radio buttons under a legend (GOV.UK pattern); the first button carries the group's id for the error summary.
    /// `headingLegend` makes the legend the page's h1 (one question per page).
    public static func radios(
        name: String, id: String? = nil, legend: String, headingLegend: Bool = false, hint: String? = nil,
        options: [(value: String, label: String)], selected: String?, errors: [FormError]
    ) -> Node<HTML.BodyContext> {
        let id = id ?? name
        let error = errors.message(for: id)
        let buttons: [Node<HTML.BodyContext>] = options.enumerated().map { index, option in
            let optionID = index == 0 ? id : "\(id)-\(index)"
            return .div(
                .class("radio"),
                .input(
                    .type(.radio), .name(name), .id(optionID), .value(option.value),
                    .attribute(named: "checked", value: option.value == selected ? "checked" : nil)),
                .label(.for(optionID), .text(option.label)))
        }
        var nodes: [Node<HTML.BodyContext>] = [
            .element(
                named: "legend",
                nodes: headingLegend
                    ? [.h1(.class("legend-heading"), .text(legend))]
                    : [.class("label"), .text(legend)])
        ]
        if let hint { nodes.append(.div(.class("hint"), .text(hint))) }
        if let error {
            nodes.append(.p(.class("error-message"), .span(.class("visually-hidden"), .text("Error: ")), .text(error)))
        }
        nodes.append(.div(.class("radios"), .group(buttons)))
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .element(named: "fieldset", nodes: nodes))
    }

    /// A labelled file chooser with hint and inline error.
    public static func fileInput(name: String, label: String, hint: String?, accept: String?, errors: [FormError])
        -> Node<HTML.BodyContext>
    {
        let error = errors.message(for: name)
        let described = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }.joined(
            separator: " ")
        return .div(
            .class(error == nil ? "form-group" : "form-group form-group-error"),
            .label(.class("label"), .for(name), .text(label)),
            .unwrap(hint) { .div(.class("hint"), .id("\(name)-hint"), .text($0)) },
            .unwrap(error) {
                .p(
                    .class("error-message"), .id("\(name)-error"), .span(.class("visually-hidden"), .text("Error: ")),
                    .text($0))
            },
            .input(
                .type(.file), .id(name), .name(name), .attribute(named: "accept", value: accept),
                .attribute(named: "aria-describedby", value: described.isEmpty ? nil : described)))
    }

    public static func submit(_ label: String) -> Node<HTML.BodyContext> {
        .button(.type(.submit), .class("button"), .text(label))
    }
}
