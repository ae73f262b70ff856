// Checks that each target imports only what Package.swift says it depends on.
//
// usage: swift .ci/check-imports.swift MANIFEST.json PACKAGE_DIRECTORY
//   MANIFEST.json: the output of `swift package dump-package`.

import Foundation

/// Modules every target may import without declaring them: the toolchain's and the platform's.
let systemModules: Set<String> = [
  "Swift", "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML",
  "Glibc", "Darwin", "Dispatch", "Synchronization", "XCTest", "Testing", "Accelerate",
]

struct Target {
  let name: String
  let kind: String
  let directory: String
  /// Modules named by the target's dependencies, conditional ones included.
  let dependencies: Set<String>
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("check-imports: \(message)\n".utf8))
  exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  fail("usage: swift .ci/check-imports.swift MANIFEST.json PACKAGE_DIRECTORY")
}
let root = URL(fileURLWithPath: arguments[2])
guard let data = FileManager.default.contents(atPath: arguments[1]),
  let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
  let targetList = manifest["targets"] as? [[String: Any]]
else { fail("cannot read the manifest \(arguments[1]) (the output of swift package dump-package)") }

/// The module a dependency entry names. dump-package spells them
/// `{"byName": [name, condition]}`, `{"target": [name, condition]}` and
/// `{"product": [name, package, moduleAliases, condition]}`; a product's module is taken to
/// have the product's name.
func dependencyName(_ entry: [String: Any]) -> String? {
  for key in ["byName", "target", "product"] {
    if let fields = entry[key] as? [Any], let name = fields.first as? String { return name }
  }
  return nil
}

let targets: [Target] = targetList.compactMap { t in
  guard let name = t["name"] as? String, let kind = t["type"] as? String else { return nil }
  let defaultDirectory = (kind == "test" ? "Tests/" : "Sources/") + name
  let dependencies = (t["dependencies"] as? [[String: Any]] ?? []).compactMap(dependencyName)
  return Target(
    name: name, kind: kind, directory: t["path"] as? String ?? defaultDirectory,
    dependencies: Set(dependencies))
}
let knownModules = Set(targets.map(\.name))

/// `import X`, `@testable import X`, `@preconcurrency import X`, `import struct X.Y`, also
/// indented inside `#if`: the module is X.
let importLine = try NSRegularExpression(
  pattern:
    #"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#
)

var problems: [String] = []
var filesChecked = 0
for target in targets where target.kind != "system" && target.kind != "binary" {
  let directory = root.appendingPathComponent(target.directory)
  guard let walker = FileManager.default.enumerator(atPath: directory.path) else { continue }
  for case let relative as String in walker where relative.hasSuffix(".swift") {
    let file = directory.appendingPathComponent(relative)
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
      problems.append("\(target.directory)/\(relative): cannot be read")
      continue
    }
    filesChecked += 1
    var inBlockComment = false
    // Inside a multi-line string literal ("""), where test sources keep Python code.
    var inString = false
    for (number, line) in text.components(separatedBy: "\n").enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let quotes = line.components(separatedBy: "\"\"\"").count - 1
      if inString || quotes > 0 {
        if quotes % 2 == 1 { inString.toggle() }
        continue
      }
      if inBlockComment {
        if trimmed.contains("*/") { inBlockComment = false }
        continue
      }
      if trimmed.hasPrefix("/*") {
        inBlockComment = !trimmed.contains("*/")
        continue
      }
      let range = NSRange(line.startIndex..., in: line)
      guard let match = importLine.firstMatch(in: line, range: range),
        let moduleRange = Range(match.range(at: 1), in: line)
      else { continue }
      let module = String(line[moduleRange])
      if module == target.name || systemModules.contains(module)
        || target.dependencies.contains(module)
      {
        continue
      }
      let place = "\(target.directory)/\(relative):\(number + 1)"
      if knownModules.contains(module) {
        problems.append(
          "\(place): imports \(module), but target \(target.name) does not depend on it; "
            + "add \"\(module)\" to its dependencies in Package.swift")
      } else {
        problems.append(
          "\(place): imports \(module), which is neither a dependency of target "
            + "\(target.name) in Package.swift nor a system module")
      }
    }
  }
}

if problems.isEmpty {
  print(
    "check-imports: \(filesChecked) files in \(targets.count) targets import only what they declare"
  )
} else {
  for problem in problems {
    FileHandle.standardError.write(Data("check-imports: \(problem)\n".utf8))
  }
  FileHandle.standardError.write(
    Data("check-imports: \(problems.count) undeclared import(s)\n".utf8))
  exit(1)
}
