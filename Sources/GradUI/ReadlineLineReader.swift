// GNU readline as the REPL's line reader: editing, history, Ctrl-R, tab
// completion, ~/.inputrc.
//
// Readline's callback interface plus poll() lets Ctrl-C at the prompt clear
// the line instead of killing the process: the SIGINT handler (installed
// without SA_RESTART) makes poll return EINTR, and we reset readline's line
// state and prompt again.

import CReadline
import Foundation
import GradLanguage

/// Reads lines from the terminal with GNU readline.
public final class ReadlineLineReader: LineReader {
  private let historyFile: URL?
  private let maxHistory: Int32 = 1000

  /// - Parameters:
  ///   - historyFile: where history persists between runs (nil: none).
  ///   - completion: offers tab completions.
  public init(historyFile: URL?, completion: CompletionProvider?) {
    self.historyFile = historyFile
    ReadlineState.completion = completion
    gr_rl_set_readline_name("gradrepl")
    gr_rl_set_catch_signals(0)
    gr_rl_set_streams(gr_stdin(), gr_stdout())
    gr_rl_set_basic_word_break_characters(" \t\n\"'`@$><=;|&{(,)}[]+-*/%:.")
    gr_rl_set_completion(ReadlineState.complete)
    gr_rl_enable_bracketed_paste()
    using_history()
    gr_history_keep_multiline_entries()
    stifle_history(maxHistory)
    if let historyFile { _ = read_history(historyFile.path) }
    ReadlineState.installWindowHandler()
  }

  public func readLine(prompt: String) -> LineInput {
    ReadlineState.finished = false
    ReadlineState.line = nil
    Signals.sigintPending = 0
    rl_callback_handler_install(prompt, ReadlineState.lineHandler)
    defer { if !ReadlineState.finished { rl_callback_handler_remove() } }

    // Wait on stdin and on the signals' self-pipe: a Ctrl-C delivered to any
    // thread, at any moment (even while readline is busy completing), wakes us.
    Signals.drainWakeups()
    var fds = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: Signals.wakeRead, events: Int16(POLLIN), revents: 0),
    ]
    while !ReadlineState.finished {
      if Signals.sigintPending != 0 {
        Signals.sigintPending = 0
        Signals.drainWakeups()
        // Echo ^C first: readline's cleanup leaves column 0 and bracketed paste.
        writeOut("^C")
        gr_rl_reset_after_interrupt()
        writeOut("\n")
        return .interrupt
      }
      if ReadlineState.windowChanged != 0 {
        ReadlineState.windowChanged = 0
        rl_resize_terminal()
      }
      fds[0].revents = 0
      fds[1].revents = 0
      let ready = poll(&fds, fds[1].fd >= 0 ? 2 : 1, -1)
      if ready < 0 {
        guard errno == EINTR else { return .endOfInput }
        continue
      }
      if fds[1].revents != 0 {
        Signals.drainWakeups()
        continue
      }
      if fds[0].revents & Int16(POLLIN) != 0 {
        rl_callback_read_char()
      } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
        return .endOfInput
      }
    }
    guard let line = ReadlineState.line else { return .endOfInput }
    return .line(line)
  }

  public func addHistory(_ entry: String) {
    for line in entry.split(separator: "\n", omittingEmptySubsequences: true) {
      let text = String(line)
      guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
      if let last = gr_last_history_line(), String(cString: last) == text { continue }
      add_history(text)
    }
    saveHistory()
  }

  /// A pasted block is one history entry, newlines included, so ↑ brings it back whole.
  public func addHistory(block entry: String) {
    guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
    if let last = gr_last_history_line(), String(cString: last) == entry { return }
    add_history(entry)
    saveHistory()
  }

  /// Writes the history file atomically: a temporary file, then rename.
  public func saveHistory() {
    guard let historyFile else { return }
    let directory = historyFile.deletingLastPathComponent()
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(historyFile.lastPathComponent).\(getpid()).tmp")
    guard write_history(temporary.path) == 0 else {
      unlink(temporary.path)
      return
    }
    if rename(temporary.path, historyFile.path) != 0 { unlink(temporary.path) }
  }

  private func writeOut(_ text: String) {
    _ = text.withCString { Foundation.write(STDOUT_FILENO, $0, strlen($0)) }
  }
}

/// State shared with readline's C callbacks (which cannot capture context).
/// Touched only from the thread running the REPL, and `windowChanged` from
/// the SIGWINCH handler.
enum ReadlineState {
  nonisolated(unsafe) static var finished = false
  nonisolated(unsafe) static var line: String?
  nonisolated(unsafe) static var completion: CompletionProvider?
  nonisolated(unsafe) static var candidates: [String] = []
  nonisolated(unsafe) static var candidateIndex = 0
  nonisolated(unsafe) static var windowChanged: Int32 = 0

  static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
    // Remove the handler here, before readline redisplays the prompt for a next line
    // that the REPL has not asked for yet.
    rl_callback_handler_remove()
    if let raw {
      line = String(cString: raw)
      free(raw)
    } else {
      line = nil
    }
    finished = true
  }

  static func installWindowHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      ReadlineState.windowChanged = 1
      Signals.wake()
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGWINCH, &action, nil)
  }

  /// readline's attempted-completion hook: asks the provider about the line
  /// up to the cursor and offers the candidates that extend `text`, the word
  /// readline is completing (after the last break character such as `.`).
  static let complete: gr_completion_fn = { text, _, end in
    gr_rl_set_completion_over(1)  // never fall back to file names
    gr_rl_set_completion_append_character(0)
    guard let provider = completion, let text, let buffer = gr_rl_line_buffer() else {
      return nil
    }
    let word = String(cString: text)
    let bytes = Array(UnsafeBufferPointer(start: buffer, count: Int(strlen(buffer))))
    let upToCursor = bytes.prefix(max(0, min(Int(end), bytes.count)))
    let prefix = String(decoding: upToCursor.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    candidates = Self.words(provider.completions(forLine: prefix), extending: word)
    candidateIndex = 0
    return rl_completion_matches(text, generator)
  }

  /// Candidates reduced to the part after their last word-break character,
  /// keeping those that extend `word`.
  static func words(_ candidates: [String], extending word: String) -> [String] {
    let breaks = Set(" \t\n\"'`@$><=;|&{(,)}[]+-*/%:.")
    var seen = Set<String>()
    var out: [String] = []
    for candidate in candidates {
      let tail =
        candidate.lastIndex(where: { breaks.contains($0) }).map {
          String(candidate[candidate.index(after: $0)...])
        } ?? candidate
      if tail.hasPrefix(word), !tail.isEmpty, seen.insert(tail).inserted { out.append(tail) }
    }
    return out
  }

  static let generator:
    @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = {
      _, _ in
      guard candidateIndex < candidates.count else { return nil }
      defer { candidateIndex += 1 }
      return strdup(candidates[candidateIndex])
    }
}
