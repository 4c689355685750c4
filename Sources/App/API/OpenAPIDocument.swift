import Fluent

/// The OpenAPI 3.1 description of `/api/v1`. Each module adds its read endpoints here.
enum OpenAPIDocument {
    static let json = """
        {
          "openapi": "3.1.0",
          "info": {
            "title": "SaferCyber API",
            "version": "1.0.0",
            "description": "Read-only access to a partnership's figures for its own reporting tools. Create a personal token under API tokens in SaferCyber and send it as 'Authorization: Bearer <token>'. A token works only for the partnership it was created in, and stops working when its owner loses access."
          },
          "servers": [{"url": "/api/v1"}],
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
              "Term": {"type": "object", "required": ["id", "name"],
                       "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}},
              "Partner": {"type": "object", "required": ["id", "name", "kind"],
                          "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"},
                                         "kind": {"type": "string", "enum": ["police", "council", "fire", "health", "probation", "college", "school", "university", "voluntary", "business", "other"]}}},
              "Partnership": {"type": "object", "required": ["slug", "name", "partners", "themes", "objectives", "audiences"],
                              "properties": {"slug": {"type": "string"}, "name": {"type": "string"},
                                             "partners": {"type": "array", "items": {"$ref": "#/components/schemas/Partner"}},
                                             "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}},
                                             "objectives": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}},
                                             "audiences": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}}}},
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
            }
          },
          "security": [{"bearer": []}],
          "paths": {
            "/partnerships/{slug}": {
              "get": {
                "summary": "The partnership's partners, themes, objectives and audiences",
                "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "The partnership", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Partnership"}}}},
                  "401": {"description": "No valid token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "403": {"description": "The token is for another partnership", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            }
          }
        }
        """
}
