// Starting and reaping child processes with posix_spawn and waitpid directly.
// Foundation's Process, inside a test runner that also spawns pseudo-terminal
// children, sometimes never noticed that a child had exited; here the
// caller owns the pid and reaps it.

import Foundation

/// A child process started with posix_spawn.
public struct ChildProcess {
  public let pid: pid_t

  public enum Failure: Error, CustomStringConvertible {
    case spawn(String, Int32)
    case timeout(String)
    public var description: String {
      switch self {
      case .spawn(let program, let code): "cannot start \(program): error \(code)"
      case .timeout(let program): "\(program) did not finish in time"
      }
    }
  }

  /// Starts `arguments[0]` (a path) with stdin, stdout and stderr on the given
  /// descriptors, a clean signal mask and default signal handlers.
  public init(
    _ arguments: [String], environment: [String: String],
    standardInput: Int32, standardOutput: Int32, standardError: Int32
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (source, target) in [
      (standardInput, STDIN_FILENO), (standardOutput, STDOUT_FILENO),
      (standardError, STDERR_FILENO),
    ] {
      posix_spawn_file_actions_adddup2(&actions, source, target)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let envp = environment.map { "\($0.key)=\($0.value)" }
    var cArgv = arguments.map { strdup($0) } + [nil]
    var cEnvp = envp.map { strdup($0) } + [nil]
    defer {
      for p in cArgv { free(p) }
      for p in cEnvp { free(p) }
    }
    var child: pid_t = 0
    let status = posix_spawn(&child, arguments[0], &actions, &attributes, &cArgv, &cEnvp)
    guard status == 0 else { throw Failure.spawn(arguments[0], status) }
    pid = child
  }

  /// The exit status once the child has exited (128 + signal when killed),
  /// or nil while it runs. Reaps it.
  public func poll() -> Int32? {
    var status: Int32 = 0
    let reaped = waitpid(pid, &status, WNOHANG)
    guard reaped == pid else { return nil }
    // WIFEXITED / WEXITSTATUS, spelled out (the macros do not import).
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  /// Waits up to `timeout` seconds for the exit status; nil if still running.
  public func wait(timeout: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if let status = poll() { return status }
      if Date() >= deadline { return nil }
      Thread.sleep(forTimeInterval: 0.002)
    }
  }

  /// Kills the child and reaps it.
  public func kill() {
    _ = Glibc.kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }
}
