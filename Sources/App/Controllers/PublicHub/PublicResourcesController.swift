import Fluent
import Foundation
import SaferCyberCore
import SaferCyberViews
import Vapor

/// The resource library for residents: published items only, filtered by tag, with views and downloads counted.
struct PublicResourcesController {
    private func partnership(_ req: Request) async throws -> Partnership {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        return partnership
    }

    /// A published item of this partnership; anything else (waiting, turned down, withdrawn, another partnership's) is "not found".
    private func published(_ req: Request, _ partnership: Partnership) async throws -> LibraryResource {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let resource = try await LibraryResource.find(id, partnershipID: partnership.requireID(), on: req.db),
            resource.status == .published
        else { throw NotFound("resource") }
        return resource
    }

    func list(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let id = try partnership.requireID()
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: id)
        let query = { (name: String) in req.query[String.self, at: name] ?? "" }
        let filter = Resources.Filter(
            theme: UUID(uuidString: query("theme")), audience: UUID(uuidString: query("audience")),
            objective: UUID(uuidString: query("objective")), kind: LibraryResource.Kind(rawValue: query("kind")))
        let items = try await Resources.published(partnershipID: id, filter: filter, on: req.db).map(
            ResourceItems(snapshot: snapshot).item)
        let filters = ResourcePages.Filters(
            themes: ResourceItems.options(snapshot.themes), audiences: ResourceItems.options(snapshot.audiences),
            objectives: ResourceItems.options(snapshot.objectives),
            kinds: LibraryResource.Kind.allCases.map { ($0.rawValue, $0.label) },
            theme: filter.theme?.uuidString ?? "", audience: filter.audience?.uuidString ?? "",
            objective: filter.objective?.uuidString ?? "",
            kind: filter.kind?.rawValue ?? "")
        return ResourcePages.publicList(
            slug: partnership.slug, partnershipName: partnership.name, items: items, filters: filters
        ).htmlResponse()
    }

    func show(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let resource = try await published(req, partnership)
        try await Resources.count(.views, resourceID: resource.requireID(), visitor: req.limitAddress, on: req.db)
        let snapshot = try await PartnershipSettings.snapshot(on: req.db, partnershipID: partnership.requireID())
        return ResourcePages.publicItem(slug: partnership.slug, item: ResourceItems(snapshot: snapshot).item(resource))
            .htmlResponse()
    }

    /// The file, as a download (images may be shown in the page with `?view=inline`, which is not counted as a download).
    func file(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let resource = try await published(req, partnership)
        let inline = req.query[String.self, at: "view"] == "inline" && (resource.isImage || resource.isVideo)
        if !inline {
            try await Resources.count(
                .downloads, resourceID: resource.requireID(), visitor: req.limitAddress, on: req.db)
        }
        return try await Self.send(resource, inline: inline, req)
    }

    /// A published video's captions (WebVTT).
    func captions(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        return try Self.captions(try await published(req, partnership))
    }

    static func captions(_ resource: LibraryResource) throws -> Response {
        guard let text = resource.captions, resource.isVideo else { throw NotFound("captions") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/vtt; charset=utf-8")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "X-SaferCyber-File-Policy", value: "default-src 'none'; sandbox")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// A linked item: counted, then sent on to its address (only ever a moderated https address).
    func open(req: Request) async throws -> Response {
        let partnership = try await partnership(req)
        let resource = try await published(req, partnership)
        guard let link = resource.link, Resources.isSafeLink(link) else { throw NotFound("resource") }
        try await Resources.count(.downloads, resourceID: resource.requireID(), visitor: req.limitAddress, on: req.db)
        return req.redirect(to: link, redirectType: .normal)
    }

    /// Sends a stored file a piece at a time, with headers that stop a browser treating it as anything but what it is.
    static func send(_ resource: LibraryResource, inline: Bool, _ req: Request) async throws -> Response {
        guard let kind = resource.uploadKind, let id = resource.id else { throw NotFound("file") }
        let parts = try await Resources.partCount(resourceID: id, on: req.db)
        let db = req.db
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: kind.mimeType)
        headers.replaceOrAdd(
            name: .contentDisposition,
            value:
                "\(inline ? "inline" : "attachment"); filename=\"\(Resources.cleanFileName(resource.fileName ?? "file"))\""
        )
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        // Even if a file were opened directly, it could run nothing and load nothing.
        headers.replaceOrAdd(
            name: "X-SaferCyber-File-Policy", value: "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        // A video player asks for the part it needs (to start quickly and to jump ahead): one range is served.
        let total = resource.fileBytes
        let range = Resources.byteRange(req.headers.first(name: .range), size: total)
        if case .unsatisfiable = range {
            headers.replaceOrAdd(name: .contentRange, value: "bytes */\(total)")
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        let (first, last) = range.bounds ?? (0, total - 1)
        if range.bounds != nil { headers.replaceOrAdd(name: .contentRange, value: "bytes \(first)-\(last)/\(total)") }
        let partSize = Resources.storedPartSize
        let body = Response.Body(
            managedAsyncStream: { writer in
                guard total > 0 else { return }
                for position in (first / partSize)...min(last / partSize, parts - 1) {
                    guard let bytes = try await Resources.part(resourceID: id, position: position, on: db) else {
                        break
                    }
                    let start = max(first - position * partSize, 0)
                    let end = min(last - position * partSize + 1, bytes.count)
                    guard start < end else { continue }
                    try await writer.writeBuffer(
                        ByteBuffer(data: bytes[bytes.startIndex + start..<bytes.startIndex + end]))
                }
            }, count: total == 0 ? 0 : last - first + 1)
        return Response(status: range.bounds == nil ? .ok : .partialContent, headers: headers, body: body)
    }
}
