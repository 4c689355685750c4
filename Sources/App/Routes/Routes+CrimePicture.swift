import SaferCyberCore
import SaferCyberViews
import Vapor

/// The crime picture, its analysis, rules, mappings and imports.
extension Routes {
    /// The crime picture, reporting gap, where to focus, rules, mappings and imports.
    func crimePicture() {
        let crime = CrimePictureController()
        app.get(page(.crimePicture), use: crime.show)
        app.post(page(.crimeEditions), use: crime.publishRevisions)
        app.get(page(.crimeExport), use: crime.export)
        let analysis = CrimeAnalysisController()
        app.get(page(.crimeGap), use: analysis.gap)
        app.get(page(.crimeFocus), use: analysis.focus)
        app.post(page(.crimeSettings), use: analysis.saveSettings)
        let rules = CrimeRulesController()
        app.get(page(.crimeRules), use: rules.show)
        app.post(page(.crimeRules), use: rules.add)
        app.post(page(.crimeReclassify), use: rules.reclassify)
        app.post(page(.crimeRule(id: id)), use: rules.change)
        app.get(page(.crimeRecord), use: rules.record)
        let mappings = CrimeMappingsController()
        app.get(page(.crimeMappings), use: mappings.show)
        app.post(page(.crimeMappings), use: mappings.submit)
        let imports = CrimeImportController()
        app.get(page(.crimeImports), use: imports.list)
        // Streamed to disk: the body is never collected in memory (see CSRFMiddleware for the token check).
        app.on(.POST, page(.crimeImports), body: .stream, use: imports.upload)
        app.get(page(.crimeImport(id: id)), use: imports.show)
        app.post(page(.crimeImport(id: id)), use: imports.confirmComplete)
        app.get(page(.crimeRejections(id: id)), use: imports.rejections)

    }
}
