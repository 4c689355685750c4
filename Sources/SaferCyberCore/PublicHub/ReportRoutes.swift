/// What each reporting route is, how to reach it, what to have ready and what happens next, in plain English.
/// Facts from the domain guide §3; wording our own.
public struct ReportRouteInfo: Sendable {
    public var title: String
    public var how: String
    public var ready: [String]
    public var next: String
    /// Support rather than reporting.
    public var isSupport: Bool

    public static func of(_ route: ReportRouter.Route) -> ReportRouteInfo {
        switch route {
        case .emergency:
            .init(
                title: "Call 999 now",
                how:
                    "Someone is in danger or a crime is happening now: call 999. If you cannot speak, call 999 and press 55 when asked.",
                ready: ["Where you are", "What is happening"],
                next: "Police or other emergency services come to help straight away.", isSupport: false)
        case .bank:
            .init(
                title: "Call your bank straight away",
                how:
                    "Use the number on the back of your card or on your statement — never a number from a message or a caller.",
                ready: ["Which payments or details are affected", "When it happened"],
                next:
                    "The bank can stop payments, protect your account and may be able to get money back. The sooner you call, the better.",
                isSupport: false)
        case .reportFraud:
            .init(
                title: "Report it to Report Fraud",
                how:
                    "The national Report Fraud service (it replaced Action Fraud in December 2025): call 0300 123 2040 or report online.",
                ready: [
                    "Dates and amounts", "How you paid or what details you gave",
                    "Messages, emails, screenshots, web addresses, phone numbers used",
                ],
                next:
                    "You get a crime reference number. Reports are analysed nationally and passed to police; not every report can be investigated, but every one helps stop the people behind it.",
                isSupport: false)
        case .policeScotland:
            .init(
                title: "Report it to Police Scotland",
                how: "In Scotland, fraud and cyber crime are reported to Police Scotland on 101.",
                ready: [
                    "Dates and amounts", "How you paid or what details you gave",
                    "Messages, screenshots, web addresses, phone numbers used",
                ],
                next: "You get a crime reference number and the police decide what to do next.", isSupport: false)
        case .police101:
            .init(
                title: "Report it to the police on 101",
                how: "Call 101, or report online to your local police force. In an emergency call 999.",
                ready: [
                    "What happened and when", "Screenshots and links (do not delete the messages)",
                    "Who you think it is, if you know",
                ],
                next: "The police record the crime, give you a reference number and tell you what happens next.",
                isSupport: false)
        case .scamText:
            .init(
                title: "Forward scam texts to 7726",
                how: "Forward the text to 7726 (free). Then delete it; do not reply or click links.",
                ready: ["The text message"],
                next: "Your phone company uses it to block the sender and similar messages.", isSupport: false)
        case .scamEmail:
            .init(
                title: "Forward scam emails to report@phishing.gov.uk",
                how: "Forward the email to report@phishing.gov.uk, then delete it.",
                ready: ["The email"], next: "Scam websites and email addresses in it can be taken down.",
                isSupport: false)
        case .ceop:
            .init(
                title: "Report it to CEOP",
                how:
                    "CEOP (part of the National Crime Agency) takes reports of online child sexual abuse and grooming. A child or an adult can report.",
                ready: [
                    "What happened, on which app or site", "Usernames or profile links",
                    "Keep messages; do not forward images",
                ],
                next:
                    "A child protection adviser reads every report and makes sure the child is safe, working with police and others.",
                isSupport: false)
        case .childline:
            .init(
                title: "Childline: 0800 1111",
                how: "Free and confidential for anyone under 19, by phone or online chat.",
                ready: [],
                next:
                    "A counsellor listens and helps work out what to do. Childline can also help get nude images removed.",
                isSupport: true)
        case .revengePornHelpline:
            .init(
                title: "The Revenge Porn Helpline",
                how:
                    "Free advice for adults whose intimate images have been shared or threatened. Contact the helpline online.",
                ready: ["Where the images are, or who is threatening"],
                next: "The helpline helps get images taken down and explains your options.", isSupport: true)
        case .stopNCII:
            .init(
                title: "StopNCII",
                how:
                    "Create a digital fingerprint of the images on your own device so partner sites can block them. The images never leave your device.",
                ready: ["The images, on your own device"], next: "Participating platforms block matching images.",
                isSupport: true)
        case .counterTerrorism:
            .init(
                title: "Report it to counter-terrorism police online",
                how:
                    "Use the government's online service for reporting terrorist or extremist material. You can stay anonymous.",
                ready: ["Where you saw it (a link or a screenshot)"],
                next: "Specialist officers assess it and can get it removed.", isSupport: false)
        case .cyberChoices:
            .init(
                title: "Your regional Cyber Choices team",
                how:
                    "Cyber Choices helps young people use their skills legally before they get into trouble. Parents, teachers and young people can get in touch.",
                ready: ["What the young person has been doing online", "Their age and school or college"],
                next:
                    "An officer talks with the young person and their family and points them to positive uses of their skills. It is not a criminal record.",
                isSupport: false)
        case .prevent:
            .init(
                title: "Your local Prevent referral route",
                how:
                    "If you are worried someone is being drawn into extremism, talk to your local Prevent team (the contacts below).",
                ready: ["What has worried you"],
                next: "Trained staff decide whether and how to offer support. It is voluntary and confidential.",
                isSupport: false)
        case .victimSupport:
            .init(
                title: "Victim Support",
                how:
                    "Free, confidential help for anyone affected by crime, whether or not it was reported: 08 08 16 89 111.",
                ready: [], next: "Someone listens and helps with what you need.", isSupport: true)
        }
    }
}
