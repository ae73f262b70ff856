// Finding lesson files: a directory of `NN-name.md` files, looked up by name.

import Foundation

/// The lessons in one directory.
public struct LessonLibrary: Sendable {
  /// The directory holding the `.md` files.
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  /// The lessons directory: `$GRADREPL_LESSONS`, else `lessons/` in the current directory,
  /// else `lessons/` beside or above the executable (a source checkout running `swift run`).
  /// - Returns: nil when none of these exists.
  public static func locate(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executable: String = CommandLine.arguments.first ?? ""
  ) -> LessonLibrary? {
    var candidates: [URL] = []
    if let given = environment["GRADREPL_LESSONS"], !given.isEmpty {
      candidates.append(URL(fileURLWithPath: given))
    }
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    candidates.append(current.appendingPathComponent("lessons"))
    var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<5 {
      candidates.append(folder.appendingPathComponent("lessons"))
      folder = folder.deletingLastPathComponent()
    }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        return LessonLibrary(directory: candidate)
      }
    }
    return nil
  }

  /// The lesson files, sorted by name (so `01-` comes before `02-`).
  public func files() -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map {
      directory.appendingPathComponent($0)
    }
  }

  /// The short names of the lessons, in order.
  public func names() -> [String] { files().map { Lesson.name(forFileName: $0.lastPathComponent) } }

  /// The file for `name`: a short name (`micrograd`), a file stem (`01-micrograd`), a number
  /// (`1`), or a path to a `.md` file.
  public func file(named name: String) -> Result<URL, LessonLoadError> {
    if name.hasSuffix(".md") {
      let url =
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent(name)
      let direct = URL(fileURLWithPath: name)
      if FileManager.default.fileExists(atPath: direct.path) { return .success(direct) }
      if FileManager.default.fileExists(atPath: url.path) { return .success(url) }
      return .failure(LessonLoadError(message: "\(name): no such lesson file"))
    }
    let files = files()
    if let match = files.first(where: {
      Lesson.name(forFileName: $0.lastPathComponent) == name
        || $0.deletingPathExtension().lastPathComponent == name
    }) {
      return .success(match)
    }
    if let number = Int(name), number >= 1, number <= files.count {
      return .success(files[number - 1])
    }
    let known = names()
    let list = known.isEmpty ? "none in \(directory.path)" : known.joined(separator: ", ")
    return .failure(LessonLoadError(message: "no lesson named '\(name)' (lessons: \(list))"))
  }

  /// Reads and parses the lesson called `name`.
  public func load(_ name: String) -> Result<Lesson, LessonLoadError> {
    switch file(named: name) {
    case .failure(let error): return .failure(error)
    case .success(let url): return LessonLibrary.load(file: url)
    }
  }

  /// Reads and parses one lesson file.
  public static func load(file url: URL) -> Result<Lesson, LessonLoadError> {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      return .failure(LessonLoadError(message: "\(url.path): cannot be read"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(LessonLoadError(message: "\(url.path):1: not UTF-8 text"))
    }
    do throws(LessonFormatError) {
      return .success(try LessonParser.parse(text, path: url.path))
    } catch {
      return .failure(LessonLoadError(message: error.description))
    }
  }
}

/// Why a lesson could not be loaded, in words a student or teacher can act on.
public struct LessonLoadError: Error, Equatable, CustomStringConvertible, Sendable {
  public let message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}
