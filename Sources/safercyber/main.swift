import App
import Foundation

// Everything else lives in the App module so tests can reach it.
exit(await SaferCyberMain.run())
