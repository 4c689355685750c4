import Foundation

/// Ready-made surveys a partnership can start from, written for this product. Each asks about what
/// people *do* (behaviour) as well as what they feel, so that before/after change can be measured.
public enum SurveyTemplates {
    public struct Template: Sendable {
        public var key: String
        public var title: String
        public var intro: String
        public var design: Survey.Design
        public var questions: [SurveyQuestion]
    }

    static func reportingQuestions(page: Int) -> [SurveyQuestion] {
        [
            SurveyQuestion(
                key: "know-where-report",
                text: "If you were sent a scam message or lost money to a scam, would you know where to report it?",
                kind: .yesNo, group: page),
            SurveyQuestion(
                key: "would-report", text: "I would report a scam or hacked account, even if I had not lost any money.",
                kind: .likert, group: page),
        ]
    }

    public static let all: [Template] = [
        Template(
            key: "staying-safe-online", title: "Staying safe online",
            intro:
                "A few quick questions about how you keep your accounts and devices safe. There are no right or wrong answers, and we do not ask your name.",
            design: .beforeAfter,
            questions: [
                SurveyQuestion(
                    key: "uses-2sv", text: "Do you use 2-step verification on your email account?",
                    hint:
                        "2-step verification (also called two-factor authentication) asks for a code from your phone as well as your password.",
                    kind: .yesNo, group: 1),
                SurveyQuestion(
                    key: "2sv-accounts", text: "Which other accounts have 2-step verification turned on?",
                    kind: .multiple,
                    options: ["Banking", "Social media", "Shopping", "Work", "None of these"], optional: true, group: 2,
                    showIf: .init(key: "uses-2sv", answer: "yes")),
                SurveyQuestion(
                    key: "backs-up", text: "Have you backed up your photos and important files in the last month?",
                    kind: .yesNo, group: 3),
                SurveyQuestion(
                    key: "updates", text: "Do you install updates on your phone and computer when they are offered?",
                    kind: .yesNo, group: 3),
                SurveyQuestion(
                    key: "password-confidence",
                    text: "I am confident my email password would be hard for a criminal to guess.", kind: .likert,
                    group: 3),
            ] + reportingQuestions(page: 4) + [
                SurveyQuestion(
                    key: "anything-else", text: "Is there anything else you would like help with?", kind: .text,
                    optional: true, group: 5)
            ]),
        Template(
            key: "scam-awareness-older-people", title: "Scam awareness",
            intro:
                "Some questions about scams by phone, post, email and text. Take your time. You do not need to give your name.",
            design: .beforeAfter,
            questions: [
                SurveyQuestion(
                    key: "spot-scam", text: "I feel confident I could tell a scam phone call or text from a real one.",
                    kind: .likert, group: 1),
                SurveyQuestion(
                    key: "hang-up",
                    text:
                        "If a caller said they were from your bank and asked you to move money, would you hang up and call the bank on a number you know?",
                    kind: .yesNo, group: 1),
                SurveyQuestion(
                    key: "call-blocker", text: "Do you use call blocking or a trusted-caller setting on your phone?",
                    kind: .yesNo, group: 2),
                SurveyQuestion(
                    key: "talk-to-someone",
                    text:
                        "Would you talk to a friend or family member before paying someone who contacted you out of the blue?",
                    kind: .yesNo, group: 2),
                SurveyQuestion(
                    key: "contact-kind", text: "How are you most often contacted by people you think are scammers?",
                    kind: .single,
                    options: ["Phone call", "Text message", "Email", "Letter", "On the doorstep", "Social media"],
                    optional: true, group: 2),
            ] + reportingQuestions(page: 3)),
        Template(
            key: "young-people-online", title: "Being online",
            intro:
                "This survey is anonymous: please do not write your name anywhere. Your answers help us make sessions better.",
            design: .beforeAfter,
            questions: [
                SurveyQuestion(
                    key: "private-accounts", text: "Are your social media accounts set to private?", kind: .yesNo,
                    group: 1),
                SurveyQuestion(
                    key: "know-sextortion-help",
                    text:
                        "If someone threatened to share an image of you unless you paid or sent more, would you know who to tell?",
                    kind: .yesNo, group: 1),
                SurveyQuestion(
                    key: "cma-understanding",
                    text:
                        "I understand which online activities (like using someone else's account or booter services) are against the law.",
                    kind: .likert, group: 2),
                SurveyQuestion(
                    key: "legal-skills",
                    text:
                        "I know about legal ways to use and grow computer skills, like coding clubs or capture-the-flag competitions.",
                    kind: .likert, group: 2),
                SurveyQuestion(
                    key: "game-scams",
                    text: "Have you been offered free game items or currency in return for your login details?",
                    kind: .yesNo, group: 3),
                SurveyQuestion(
                    key: "hours-online", text: "About how many hours a day do you spend online outside school?",
                    kind: .number, optional: true, group: 3),
            ]),
        Template(
            key: "small-business-security", title: "Small business security",
            intro:
                "Questions for the person who looks after IT in your organisation (however informally). It takes about three minutes.",
            design: .beforeAfter,
            questions: [
                SurveyQuestion(
                    key: "mfa-email",
                    text: "Does everyone in your organisation use 2-step verification on their email?", kind: .yesNo,
                    group: 1),
                SurveyQuestion(
                    key: "offline-backup",
                    text:
                        "Do you keep a backup of important data that ransomware could not reach (offline or separate)?",
                    kind: .yesNo, group: 1),
                SurveyQuestion(
                    key: "invoice-check",
                    text:
                        "Do you check changes to a supplier's bank details by calling them on a number you already have?",
                    kind: .yesNo, group: 2),
                SurveyQuestion(
                    key: "incident-plan", text: "We have a written plan for what to do if we are hacked.",
                    kind: .likert, group: 2),
                SurveyQuestion(
                    key: "staff-count", text: "How many people work in your organisation?", kind: .number,
                    optional: true, group: 3),
                SurveyQuestion(
                    key: "sector", text: "Which best describes your organisation?", kind: .single,
                    options: [
                        "Retail or hospitality", "Trades and construction", "Professional services",
                        "Charity or voluntary group", "Other",
                    ],
                    optional: true, group: 3),
            ]),
        Template(
            key: "reporting-intent", title: "Reporting scams and online crime",
            intro: "Three short questions about reporting. We do not ask your name.",
            design: .once,
            questions: [
                SurveyQuestion(
                    key: "know-where-report",
                    text: "If you were sent a scam message or lost money to a scam, would you know where to report it?",
                    kind: .yesNo, group: 1),
                SurveyQuestion(
                    key: "would-report",
                    text: "I would report a scam or hacked account, even if I had not lost any money.", kind: .likert,
                    group: 1),
                SurveyQuestion(
                    key: "why-not", text: "What might stop you reporting?", kind: .multiple,
                    options: [
                        "Embarrassment", "Did not think it would help", "Did not know how", "Lost no money",
                        "Something else",
                    ],
                    optional: true, group: 2),
            ]),
    ]

    public static func named(_ key: String) -> Template? { all.first { $0.key == key } }
}
