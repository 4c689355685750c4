import App
import Foundation

// Everything else lives in the App module so tests can reach it.
SaferCyberMain.useEventLoopsForConcurrency()
exit(await SaferCyberMain.run())
