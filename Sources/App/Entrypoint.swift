import Foundation
import Logging
import Vapor

/// Starts SaferCyber: reads configuration, runs the chosen command, and turns any startup problem into
/// one plain line on stderr with exit code 1.
public enum SaferCyberMain {
    public static func run() async -> Int32 {
        do {
            var env = try Environment.detect()
            let config = try AppConfig.fromEnvironment()
            if config.logFormat == "json" {
                LoggingSystem.bootstrap(JSONLogHandler.init)
            } else {
                try LoggingSystem.bootstrap(from: &env)
            }
            let app = try await Application.make(env)
            do {
                try await configure(app, config: config)
                try await app.execute()
                try await app.asyncShutdown()
                return 0
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        } catch {
            FileHandle.standardError.write(Data("safercyber: \(plain(error))\n".utf8))
            return 1
        }
    }

    static func plain(_ error: any Error) -> String {
        if let startup = error as? StartupError { return startup.description }
        return String(describing: error)
    }
}
