import App
import Foundation

// Developer tools, not part of the product: synthetic force extracts, sign-up and email benchmarks, and the game
// load test. They run against the same configuration as `safercyber` (use a throwaway DATA_DIR or database).
SaferCyberMain.useEventLoopsForConcurrency()
exit(
    await SaferCyberMain.run(
        name: "safercyber-dev",
        commands: [
            ("generate", GenerateCommand()), ("benchmark", BenchmarkCommand()),
            ("loadtest-games", LoadTestGamesCommand()),
        ]))
