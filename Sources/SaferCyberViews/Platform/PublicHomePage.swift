import Plot

/// A partnership's public front page at `/p/{slug}`: where to report, the next events, short courses and the
/// resource library, with the partnership's logo and colour.
public enum PublicHomePage {
    public struct Event: Sendable {
        public var title: String
        public var when: String
        public var place: String
        public var url: SiteURL
        public init(title: String, when: String, place: String, url: SiteURL) {
            self.title = title
            self.when = when
            self.place = place
            self.url = url
        }
    }

    public struct Model: Sendable {
        public var partnershipName: String
        public var slug: String
        public var events: [Event]
        public var courses: [CoursePages.Summary]
        public var resources: Int
        public var hasLogo: Bool
        public init(
            partnershipName: String, slug: String = "", events: [Event] = [], courses: [CoursePages.Summary] = [],
            resources: Int = 0,
            hasLogo: Bool = false
        ) {
            self.partnershipName = partnershipName
            self.slug = slug
            self.events = events
            self.courses = courses
            self.resources = resources
            self.hasLogo = hasLogo
        }
    }

    public static func render(_ model: Model) -> String {
        Page.render(
            title: model.partnershipName, chrome: .publicPage(slug: model.slug),
            content: .div(
                // The name is always in text beside the logo, so the image itself is decorative.
                .if(
                    model.hasLogo,
                    .img(
                        .class("partnership-logo"), .src(SiteURL.publicLogo(slug: model.slug).path),
                        Attribute<HTML.ImageContext>(name: "alt", value: "", ignoreIfValueIsEmpty: false))),
                .h1(.text(model.partnershipName)),
                .p(.class("lead"), .text("Help to stay safe online, find local events and report cyber crime.")),
                .h2(.text("Has something happened?")),
                .p(
                    .text(
                        "If someone is in immediate danger, call 999. Otherwise, answer a few questions to find out where to report it and where to get help."
                    )),
                .p(
                    .a(
                        .class("button"), .href(SiteURL.publicReport(slug: model.slug).path),
                        .text("Where do I report this?"))),
                .h2(.text("Coming up")),
                model.events.isEmpty
                    ? .p(.text("No events are open for booking at the moment."))
                    : .ul(
                        .class("event-list"),
                        .forEach(model.events) { event in
                            .li(
                                .a(.href(event.url.path), .text(event.title)), .br(),
                                .span(.class("hint"), .text("\(event.when) · \(event.place)")))
                        }),
                .p(
                    .a(
                        .href(SiteURL.publicEvents(slug: model.slug).path),
                        .text("See all free talks, workshops and sessions"))),
                .h2(.text("Learn in a few minutes")),
                model.courses.isEmpty
                    ? .p(.text("There are no short courses at the moment."))
                    : .ul(
                        .class("event-list"),
                        .forEach(model.courses) { course in
                            .li(
                                .a(
                                    .href(SiteURL.publicCourse(slug: model.slug, course: course.id).path),
                                    .text(course.title)), .br(),
                                .span(.class("hint"), .text("About \(course.minutes) minutes · \(course.audience)")))
                        }),
                .if(
                    !model.courses.isEmpty,
                    .p(.a(.href(SiteURL.publicCourses(slug: model.slug).path), .text("All short courses")))),
                .h2(.text("Is your organisation safe?")),
                .p(
                    .text(
                        "Small businesses, charities and schools: a ten-minute check in plain English, with a short list of what to do first."
                    )),
                .p(
                    .a(
                        .href(SiteURL.publicChecks(slug: model.slug).path),
                        .text("Check your organisation's cyber security"))),
                .h2(.text("Resources")),
                .p(
                    .text(
                        model.resources == 0
                            ? "Posters, videos, leaflets and lesson plans will appear here."
                            : "\(model.resources) free resource\(model.resources == 1 ? "" : "s") to use and share: posters, videos, leaflets and lesson plans."
                    )),
                .if(
                    model.resources > 0,
                    .p(.a(.href(SiteURL.publicResources(slug: model.slug).path), .text("Browse the resource library"))))
            ))
    }
}
