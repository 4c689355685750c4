import FluentKit
import Foundation

/// Short-course completions over five quarters and a small resource library for the demo partnership: seeded, so
/// every machine gets the same counts. Completions rise as the courses are shared; about half of people say which
/// group they belong to and where they live.
public enum DemoPublicHub {
    static let courseWeights: [(id: String, weight: Int)] = [
        ("spotting-scams", 40), ("staying-safe-online", 30), ("young-people-online", 20),
        ("protecting-a-small-organisation", 10),
    ]
    static let courseAudiences: [String: [String]] = [
        "spotting-scams": ["Older people", "Residents", "Parents"],
        "staying-safe-online": ["Residents", "Students", "Parents", "Older people"],
        "young-people-online": ["Young people", "Students", "Parents", "Schools"],
        "protecting-a-small-organisation": ["Businesses", "Charities", "Schools"],
    ]

    @discardableResult
    public static func load(on db: any Database, library: CourseLibrary = .shipped, today: Date = Date()) async throws
        -> Bool
    {
        guard let partnership = try await Partnerships.find(on: db, slug: DemoPartnership.slug), partnership.isDemo
        else { return false }
        let id = try partnership.requireID()
        if try await CourseCompletion.query(on: db).filter(\.$partnership.$id == id).count() > 0 { return true }
        let audiences = try await Audience.query(on: db).filter(\.$partnership.$id == id).all()
        let areas = try await Courses.areas(partnershipID: id, on: db)
        var random = SplitMix64(seed: 21)
        let total = courseWeights.reduce(0) { $0 + $1.weight }
        let thisQuarter = Quarter.of(date: today)
        var rows: [CourseCompletion] = []
        for back in 0..<5 {
            let quarter = Quarter.adding(-back, to: thisQuarter)
            let span = Quarter.span(quarter)
            let end = min(span.end, today)
            guard end > span.start else { continue }
            let count = back == 0 ? 35 : 110 - back * 18
            for _ in 0..<count {
                var pick = Int(random.next() % UInt64(total))
                let courseID = courseWeights.first {
                    pick -= $0.weight
                    return pick < 0
                }!.id
                guard let course = library.course(courseID) else { continue }
                // Most people get every answer right; some miss one (still a pass).
                var chosen: [Int?] = course.quiz.questions.map { $0.correct }
                if random.next() % 3 == 0 {
                    let miss = Int(random.next() % UInt64(chosen.count))
                    chosen[miss] = (course.quiz.questions[miss].correct + 1) % course.quiz.questions[miss].options.count
                }
                let mark = Courses.mark(course, chosen: chosen)
                let row = CourseCompletion()
                row.$partnership.id = id
                row.courseID = courseID
                row.completedAt = span.start.addingTimeInterval(
                    Double(random.next() % 1000) / 1000 * end.timeIntervalSince(span.start))
                row.answers = chosen.map { $0.map(String.init) ?? "" }.joined(separator: ",")
                row.score = mark.score
                row.outOf = mark.outOf
                row.code = Secrets.token(bytes: 16)
                row.countsAsFriend = course.countsAsFriends
                if random.next() % 2 == 0, let names = courseAudiences[courseID] {
                    let name = names[Int(random.next() % UInt64(names.count))]
                    row.audienceID = audiences.first { $0.name == name }?.id
                }
                if random.next() % 2 == 0, !areas.isEmpty { row.area = areas[Int(random.next() % UInt64(areas.count))] }
                rows.append(row)
            }
        }
        let completions = rows
        try await db.write { tx in try await completions.create(on: tx) }
        try await loadLibrary(partnershipID: id, today: today, on: db)
        return true
    }

    static func loadLibrary(partnershipID: UUID, today: Date, on db: any Database) async throws {
        let snapshot = try await PartnershipSettings.snapshot(on: db, partnershipID: partnershipID)
        func ids(_ list: [(id: UUID, name: String)], _ names: [String]) -> [UUID] {
            list.filter { names.contains($0.name) }.map(\.id)
        }
        let officer = ActingUser(id: nil, email: "officer@demo.test")
        let coordinator = ActingUser(id: nil, email: "coordinator@demo.test")
        let scams = PartnershipDefaults.themes[0]
        let hacking = PartnershipDefaults.themes[1]
        let images = PartnershipDefaults.themes[5]
        let awareness = PartnershipDefaults.objectives[0]
        let vulnerable = PartnershipDefaults.objectives[1]
        let resilience = PartnershipDefaults.objectives[2]
        struct Item {
            var draft: Resources.Draft
            var upload: Resources.Upload?
            var days: Double
            var decision: Resources.Decision?
            var note = ""
            var views = 0, downloads = 0
        }
        func draft(
            _ title: String, _ description: String, _ kind: LibraryResource.Kind, themes: [String], audiences: [String],
            objectives: [String],
            link: String = "", alt: String = "", transcript: String = ""
        ) -> Resources.Draft {
            var d = Resources.Draft()
            d.title = title
            d.description = description
            d.kind = kind.rawValue
            d.link = link
            d.altText = alt
            d.transcript = transcript
            d.themes = ids(snapshot.themes, themes)
            d.audiences = ids(snapshot.audiences, audiences)
            d.objectives = ids(snapshot.objectives, objectives)
            // The demo's posters and leaflets show no one; the film shows its makers.
            d.showsYoungPeople = "no"
            if kind == .video {
                // The demo's student film: credited, and the students' consent on record (issue 23).
                d.credit = "Second-year media students, Demo College"
                d.showsYoungPeople = "yes"
                d.consentNote =
                    "Signed consent forms from each student, and a parent for those under 18, held by Demo College's media department"
                d.consentConfirmed = true
            }
            return d
        }
        let items: [Item] = [
            Item(
                draft: draft(
                    "“Think before you click”: a film by Demo College media students",
                    "A four-minute drama about a student whose account is taken over after a fake parcel text, and how she gets it back. Made by second-year media students for the partnership.",
                    .video, themes: [scams, hacking], audiences: ["Students", "Young people"], objectives: [awareness],
                    link: "https://www.example.org/demo-college/think-before-you-click",
                    transcript: """
                        [A phone buzzes on a desk. Text on screen: “Your parcel could not be delivered. Pay £1.45 to rebook.”]
                        JESS: I'm not even waiting for a parcel… oh, whatever, it's one pound forty-five.
                        [Later. Jess tries to log in to her college email. “Password incorrect.”]
                        JESS: That's weird. Why is everyone messaging me about a crypto giveaway?
                        FRIEND: You posted it! On your story!
                        [Jess calls the college IT desk.]
                        IT OFFICER: Someone has your password. Did you type it anywhere new? Let's reset it and turn on 2-step verification.
                        NARRATOR: If you've lost money, call your bank. Forward scam texts to 7726. And use a different password for your email.
                        """),
                days: 300, decision: .publish, views: 412, downloads: 236),
            Item(
                draft: draft(
                    "Stop, challenge, protect: poster",
                    "An A4 poster for libraries, surgeries and community centres with the three steps that stop most scams.",
                    .poster, themes: [scams], audiences: ["Older people", "Residents"], objectives: [vulnerable],
                    alt:
                        "A poster headed “Stop, challenge, protect”. Three large numbered steps: stop and take a moment; challenge — could it be fake?; protect — call your bank and report it to Report Fraud on 0300 123 2040."
                ),
                upload: .init(
                    fileName: "stop-challenge-protect.pdf",
                    bytes: pdf([
                        "Stop, challenge, protect", "1. Stop: take a moment before you give money or information.",
                        "2. Challenge: could it be fake? It is fine to say no.",
                        "3. Protect: call your bank, then Report Fraud on 0300 123 2040.",
                    ])),
                days: 250, decision: .publish, views: 188, downloads: 97),
            Item(
                draft: draft(
                    "Lesson plan: Is it legal? (Key Stage 4)",
                    "A 50-minute lesson on the Computer Misuse Act with scenarios to sort into legal and illegal, and legal ways to use hacking skills.",
                    .lessonPlan, themes: [hacking], audiences: ["Schools", "Young people"], objectives: [vulnerable]),
                upload: .init(
                    fileName: "is-it-legal-lesson-plan.txt",
                    bytes: Array(
                        """
                        Is it legal? A lesson on the Computer Misuse Act (50 minutes, Key Stage 4)

                        Aim: pupils can tell legal from illegal uses of computing skills and know where to use their skills legally.

                        1. Starter (10 minutes): "Would you?" cards. Pupils stand on a line from "fine" to "crime".
                        2. The law (10 minutes): unauthorised access; access to commit another crime; impairing a system (booters); making or supplying tools.
                        3. Sorting scenarios (15 minutes): guessing a friend's password; a capture-the-flag competition; buying a booter; testing your own home network.
                        4. Positive pathways (10 minutes): coding clubs, capture-the-flag, college courses, Cyber Choices.
                        5. Plenary (5 minutes): one thing you will tell a friend.
                        """.utf8)),
                days: 200, decision: .publish, views: 95, downloads: 61),
            Item(
                draft: draft(
                    "Cyber Aware: advice for individuals and families",
                    "The national advice on passwords, 2-step verification, updates and backups, on the National Cyber Security Centre's website.",
                    .leaflet, themes: [scams, hacking], audiences: ["Residents", "Parents"], objectives: [awareness],
                    link: "https://www.ncsc.gov.uk/cyberaware/home"),
                days: 150, decision: .publish, views: 140, downloads: 77),
            Item(
                draft: draft(
                    "Invoice fraud checklist for small businesses",
                    "A one-page checklist for checking changes of bank details and approving payments.",
                    .leaflet, themes: [scams], audiences: ["Businesses", "Charities"], objectives: [resilience]),
                upload: .init(
                    fileName: "invoice-fraud-checklist.pdf",
                    bytes: pdf([
                        "Invoice fraud checklist", "Phone the supplier on a number you already have.",
                        "Two people approve new payees and large payments.", "Be wary of pressure to pay quickly.",
                    ])),
                days: 30, decision: nil),
            Item(
                draft: draft(
                    "Sextortion: what to do (for parents)",
                    "A leaflet for parents and carers on sextortion and how to help a child.",
                    .leaflet, themes: [images], audiences: ["Parents"], objectives: [vulnerable],
                    link: "https://www.example.org/demo-leaflets/sextortion-parents"),
                days: 12, decision: .reject,
                note: "Please link to the final version — this one still has the draft watermark."),
        ]
        for item in items {
            let at = today.addingTimeInterval(-item.days * 86_400)
            let resource = try await Resources.add(
                item.draft, upload: item.upload, partnershipID: partnershipID, by: officer, at: at, on: db)
            if let decision = item.decision {
                try await Resources.moderate(
                    resource, decision, note: item.note, by: coordinator, at: at.addingTimeInterval(86_400), on: db)
            }
            resource.views = item.views
            resource.downloads = item.downloads
            try await db.write { tx in try await resource.save(on: tx) }
        }
    }

    /// A one-page PDF with a heading and lines of text (Helvetica), for the demo library's posters and leaflets.
    static func pdf(_ lines: [String]) -> [UInt8] {
        func escaped(_ text: String) -> String {
            String(text.map { $0.isASCII ? $0 : "-" }).replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
        }
        var stream = "BT /F1 28 Tf 60 760 Td (\(escaped(lines.first ?? ""))) Tj ET\n"
        for (i, line) in lines.dropFirst().enumerated() {
            stream += "BT /F1 14 Tf 60 \(700 - i * 30) Td (\(escaped(line))) Tj ET\n"
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
