import Plot

/// A partnership's public front page at `/p/{slug}` (the public hub issue fills it).
public enum PublicHomePage {
    public struct Model: Sendable {
        public var partnershipName: String
        public init(partnershipName: String) { self.partnershipName = partnershipName }
    }

    public static func render(_ model: Model) -> String {
        Page.render(title: model.partnershipName, chrome: Chrome(), content: .div(
            .h1(.text(model.partnershipName)),
            .p(.class("lead"), .text("Help to stay safe online, find local events and report cyber crime.")),
            .h2(.text("If you have lost money or been hacked")),
            .p(.text("Report fraud and cyber crime to Report Fraud on 0300 123 2040. If someone is in immediate danger, call 999.")),
            .p(.text("Courses, events and a step-by-step guide to reporting will appear here soon."))
        ))
    }
}
