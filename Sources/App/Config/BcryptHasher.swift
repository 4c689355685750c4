import Fluent
import SaferCyberCore
import Vapor

/// Bcrypt on the application's thread pool, so hashing never blocks an event loop.
struct BcryptHasher: PasswordHashing {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration this application was started with.
    package var config: AppConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    var passwordHasher: any PasswordHashing { BcryptHasher(cost: config.bcryptCost, threadPool: threadPool) }

    private struct EqualiserKey: StorageKey { typealias Value = String }

    /// A bcrypt hash of a random secret at this deployment's cost, made once at start-up: sign-in checks unknown
    /// and disabled accounts against it, so they cost the same one bcrypt run as a known account.
    var signInEqualiser: String {
        get { storage[EqualiserKey.self]! }
        set { storage[EqualiserKey.self] = newValue }
    }
}

extension Request {
    var passwordHasher: any PasswordHashing { application.passwordHasher }
}
