import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The reporting gap, where to focus, and the settings both use.
struct CrimeAnalysisController {
    func gap(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await gapPage(req, access, errors: [], fields: nil)
    }

    private func gapPage(_ req: Request, _ access: PartnershipAccess, errors: [FormError], fields: [String: String]?)
        async throws -> Response
    {
        let last = try await latestQuarter(req, access)
        let first = Quarter.adding(-7, to: last)
        let gap = try await ReportingGap.build(
            partnershipID: access.partnershipID, fromQuarter: first, toQuarter: last, on: req.db)
        let settings = try await CrimeSettingsStore.load(partnershipID: access.partnershipID, on: req.db)
        let tables = CountFormat(policy: access.disclosure)
        let model = ReportingGapPage.Model(
            slug: access.slug,
            period: "Last eight quarters with data: \(Quarter.label(first)) to \(Quarter.label(last))",
            themes: gap.themes.map { theme in
                ReportingGapPage.ThemeGap(
                    name: theme.name, ratio: ratioText(theme.ratio), source: theme.ratio.source,
                    sourceURL: theme.ratio.sourceURL,
                    rows: theme.quarters.map { q in
                        [
                            Quarter.label(q.quarter), tables.count(q.records),
                            q.basedOnVictims
                                ? tables.count(q.reported)
                                : q.records == 0 ? "–" : "All \(tables.count(q.reported)) (no victim details)",
                            tables.hides(q.reported) ? "–" : tables.count(q.estimate),
                            tables.hides(q.reported)
                                ? "–" : q.low == q.high ? "–" : tables.count(q.low == q.estimate ? q.high : q.low),
                        ]
                    },
                    bars: theme.quarters.map { q in
                        BarChart.Bar(
                            label: Quarter.label(q.quarter), value: tables.hides(q.reported) ? 0 : q.estimate,
                            display: tables.hides(q.reported)
                                ? "\(tables.policy.hiddenText) reported" : tables.count(q.estimate))
                    })
            },
            withoutRatio: gap.themesWithoutRatio, canManage: access.allows(.manageCrimeData),
            ratioFields: ratioFields(settings, themesWithoutRatio: gap.themesWithoutRatio, fields: fields),
            errors: errors)
        return ReportingGapPage.render(model, chrome: req.chrome(access, current: .crimeGap)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The ratios the partnership has, then an empty one for each theme with records but none (local evidence).
    private func ratioFields(
        _ settings: CrimeSettingsDocument, themesWithoutRatio: [String], fields: [String: String]?
    ) -> [ReportingGapPage.RatioField] {
        let blanks = themesWithoutRatio.map {
            CrimeSettingsDocument.ReportingRatio(
                themeName: $0, central: 0, low: 0, high: 0, source: "", sourceURL: "")
        }
        return (settings.ratios + blanks).enumerated().map { index, ratio in
            let key = "ratio-\(index)"
            let blank = index >= settings.ratios.count
            func value(_ name: String, _ number: Double) -> String {
                fields?["\(key)-\(name)"] ?? (blank ? "" : self.number(number))
            }
            return .init(
                key: key, themeName: ratio.themeName, central: value("central", ratio.central),
                low: value("low", ratio.low), high: value("high", ratio.high),
                source: fields?["\(key)-source"] ?? ratio.source,
                sourceURL: fields?["\(key)-sourceURL"] ?? ratio.sourceURL)
        }
    }

    func focus(req: Request) async throws -> Response {
        let access = try await req.access(.viewAggregates)
        return try await focusPage(req, access, errors: [], fields: nil)
    }

    private func focusPage(_ req: Request, _ access: PartnershipAccess, errors: [FormError], fields: [String: String]?)
        async throws -> Response
    {
        let last = try await latestQuarter(req, access)
        let ranking = try await FocusRanking.build(partnershipID: access.partnershipID, lastQuarter: last, on: req.db)
        let themes = try await Theme.query(on: req.db).filter(\.$partnership.$id == access.partnershipID).sort(
            \.$position
        ).all()
        let tables = CountFormat(policy: access.disclosure)
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        let published = ranking.published(tables.policy)
        let unranked = { (cell: FocusRanking.Cell, columns: Int) -> [String] in
            ["–", cell.theme, cell.group, tables.count(cell.recent), tables.count(cell.previous)]
                + Array(repeating: "–", count: columns - 5)
        }
        let groupRows =
            published.ranked.prefix(30).enumerated().map { index, cell in
                [
                    "\(index + 1)", cell.theme, cell.group, tables.count(cell.recent), tables.count(cell.previous),
                    f(cell.volumeIndex), f(cell.trendFactor), f(cell.harm), f(cell.vulnerability), f(cell.score),
                ]
            } + published.tooFew.prefix(30).map { unranked($0, 10) }
        let areaRows =
            published.byAreaRanked.prefix(30).enumerated().map { index, cell in
                [
                    "\(index + 1)", cell.theme, cell.group, tables.count(cell.recent), tables.count(cell.previous),
                    cell.rate.map(f) ?? "–", f(cell.trendFactor), f(cell.harm), f(cell.score),
                ]
            } + published.byAreaTooFew.prefix(30).map { unranked($0, 9) }
        let settings = ranking.settings
        let model = FocusPage.Model(
            slug: access.slug, period: "the four quarters to \(Quarter.label(last)) compared with the four before",
            groupRows: groupRows, areaRows: areaRows, canManage: access.allows(.manageCrimeData),
            harm: themes.map { theme in
                let field = CrimeSettingsDocument.harmField(theme.name)
                return .init(
                    field: field, label: theme.name, value: fields?[field] ?? number(settings.harm(theme: theme.name)))
            },
            vulnerability: VictimGroup.allCases.map { group in
                let field = "vulnerability-\(group.rawValue)"
                return .init(
                    field: field, label: group.label, value: fields?[field] ?? number(settings.vulnerability(group)))
            },
            trendWeight: fields?["trendWeight"] ?? number(settings.trendWeight), errors: errors)
        return FocusPage.render(model, chrome: req.chrome(access, current: .crimeFocus)).htmlResponse(
            errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Saves ratios (from the gap page) or weights (from the focus page), then shows that page again.
    func saveSettings(req: Request) async throws -> Response {
        let access = try await req.access(.manageCrimeData)
        let fields = try req.content.decode([String: String].self)
        let returnTo = fields["return"] == "gap" ? PartnershipPage.crimeGap : .crimeFocus
        var document = try await CrimeSettingsStore.load(partnershipID: access.partnershipID, on: req.db)
        var errors: [FormError] = []
        func read(_ field: String, _ label: String) -> Double? {
            guard let text = fields[field] else { return nil }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: ""))
            else {
                errors.append(FormError(field: field, message: "Enter a number for \(label)"))
                return nil
            }
            return value
        }
        if returnTo == .crimeGap {
            for index in document.ratios.indices {
                let name = document.ratios[index].themeName
                if let v = read("ratio-\(index)-central", name) { document.ratios[index].central = v }
                if let v = read("ratio-\(index)-low", name) { document.ratios[index].low = v }
                if let v = read("ratio-\(index)-high", name) { document.ratios[index].high = v }
                if let source = fields["ratio-\(index)-source"] {
                    document.ratios[index].source = source.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if let link = fields["ratio-\(index)-sourceURL"] {
                    document.ratios[index].sourceURL = link.trimmingCharacters(in: .whitespaces)
                }
            }
            // Local evidence for a theme without a published ratio: the blank rows after the existing ones.
            let themes = Set(
                try await Theme.query(on: req.db).filter(\.$partnership.$id == access.partnershipID).all().map(\.name))
            var index = document.ratios.count
            while let theme = fields["ratio-\(index)-theme"] {
                defer { index += 1 }
                let typed = ["central", "low", "high", "source", "sourceURL"].contains {
                    !(fields["ratio-\(index)-\($0)"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
                }
                guard typed, themes.contains(theme), !document.ratios.contains(where: { $0.themeName == theme })
                else { continue }
                let central = read("ratio-\(index)-central", theme)
                let low = (fields["ratio-\(index)-low"] ?? "").isEmpty ? central : read("ratio-\(index)-low", theme)
                let high = (fields["ratio-\(index)-high"] ?? "").isEmpty ? central : read("ratio-\(index)-high", theme)
                guard let central, let low, let high else { continue }
                document.ratios.append(
                    .init(
                        themeName: theme, central: central, low: low, high: high,
                        source: (fields["ratio-\(index)-source"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                        sourceURL: (fields["ratio-\(index)-sourceURL"] ?? "").trimmingCharacters(in: .whitespaces)))
            }
        } else {
            let themes = try await Theme.query(on: req.db).filter(\.$partnership.$id == access.partnershipID).all()
            for theme in themes {
                if let v = read(CrimeSettingsDocument.harmField(theme.name), theme.name) {
                    document.harm[theme.name] = v
                }
            }
            for group in VictimGroup.allCases {
                if let v = read("vulnerability-\(group.rawValue)", group.label) {
                    document.vulnerability[group.rawValue] = v
                }
            }
            if let v = read("trendWeight", "the trend weight") { document.trendWeight = v }
        }
        if errors.isEmpty {
            do {
                try await CrimeSettingsStore.save(
                    document, partnershipID: access.partnershipID, by: access.staff.acting(req), on: req.db)
                return req.redirect(to: SiteURL.partnership(slug: access.slug, returnTo).path, redirectType: .normal)
            } catch let problems as FieldErrors {
                errors = problems.formErrors
            }
        }
        return returnTo == .crimeGap
            ? try await gapPage(req, access, errors: errors, fields: fields)
            : try await focusPage(req, access, errors: errors, fields: fields)
    }

    private func latestQuarter(_ req: Request, _ access: PartnershipAccess) async throws -> Int {
        let range = try await CrimeCountReader(partnershipID: access.partnershipID, on: req.db)?.monthRange()
        return range.map { Quarter.of(month: $0.last) } ?? Quarter.lastComplete()
    }

    /// "about 1 in 7 (14.3%); 15% in the other survey year": the survey years side by side, not as an interval.
    private func ratioText(_ ratio: CrimeSettingsDocument.ReportingRatio) -> String {
        func share(_ value: Double) -> String {
            let oneIn = 100 / value
            let fraction = abs(oneIn - oneIn.rounded()) < 1e-9 ? "about 1 in \(Int(oneIn.rounded())) (" : "("
            return fraction + String(format: "%.1f%%", value) + (fraction == "(" ? "" : ")")
        }
        let main = share(ratio.central).replacingOccurrences(of: "(", with: "", options: .anchored)
        let other = ratio.low == ratio.central ? ratio.high : ratio.low
        return ratio.low == ratio.high
            ? main
            : "\(main); \(share(other).trimmingCharacters(in: CharacterSet(charactersIn: "()"))) in the other survey year"
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
