import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

/// Starts SaferCyber: reads configuration, runs the chosen command, and turns any startup problem into
/// one plain line on stderr with exit code 1.
public enum SaferCyberMain {
    /// Runs Swift concurrency on NIO's event loops, so a request no longer hops between NIO's threads and
    /// the concurrency pool (under game load that was most of the server's context switching). Call it once,
    /// on the main thread, before anything async. Nothing in SaferCyber calls `.wait()` on an event loop;
    /// the crime importer waits on its own threads.
    public static func useEventLoopsForConcurrency() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs the product's commands (`serve` by default), and under `name` any `commands` a second executable adds
    /// (the developer tools in `safercyber-dev`).
    public static func run(name: String = "safercyber", commands: [(String, any AsyncCommand)] = []) async -> Int32 {
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
                for (name, command) in commands { app.asyncCommands.use(command, as: name) }
                try await app.execute()
                try await app.asyncShutdown()
                return 0
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        } catch {
            FileHandle.standardError.write(Data("\(name): \(plain(error))\n".utf8))
            return 1
        }
    }

    static func plain(_ error: any Error) -> String {
        if let startup = error as? StartupError { return startup.description }
        return String(describing: error)
    }
}
