import Foundation
import GradLessons
import Testing

@Suite struct LessonWriteRuleTests {
  @Test func pathsInsideAllowedDirectoriesOnly() throws {
    let allowed = try temporaryDirectory()
    let rule = LessonWriteRule(allowedDirectories: [allowed])
    #expect(rule.allows(allowed.appendingPathComponent("graph.dot").path))
    #expect(rule.allows(allowed.appendingPathComponent("new/folder/x.npy").path))
    #expect(!rule.allows("/etc/passwd"))
    #expect(!rule.allows(allowed.path + "/../escape.py"))
    #expect(!rule.allows(allowed.path))
    #expect(!rule.allows(""))
    #expect(rule.rule("/etc/x")?.contains("not to '/etc/x'") == true)
    #expect(rule.rule(allowed.appendingPathComponent("ok").path) == nil)
  }

  @Test func aSymlinkOutOfTheDirectoryIsRefused() throws {
    let allowed = try temporaryDirectory()
    let outside = try temporaryDirectory()
    let link = allowed.appendingPathComponent("out")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
    let rule = LessonWriteRule(allowedDirectories: [allowed])
    #expect(!rule.allows(link.appendingPathComponent("x.py").path))
  }

  @Test func theWorkspaceFollowsXDG() {
    #expect(
      LessonWriteRule.workspace(["XDG_DATA_HOME": "/d"]).path == "/d/gradrepl/lessons")
    #expect(
      LessonWriteRule.workspace(["HOME": "/h"]).path == "/h/.local/share/gradrepl/lessons")
  }
}
