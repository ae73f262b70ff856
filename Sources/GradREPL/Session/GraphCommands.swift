// Commands that show a Value's graph: :graph, :dot, :gradcheck.

import Foundation
import GradCore

extension CommandRegistry {
  static let graphCommands: [ReplCommand] = []
}
