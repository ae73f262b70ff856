// swift-tools-version: 6.0
//
// gradrepl: see backpropagation happen, from micrograd's Value to an LSTM.
//
// Layers (imports point down):
//   gradrepl, gradbench        executables: argument parsing and wiring only
//   GradUI                     readline line reader, ncurses panel, TTY detection
//   GradLessons                lesson files -> steps -> checks; progress
//   GradBindings               tensors, torch, nn, language models, grad norms, plots at the prompt
//   GradLanguage               lexer, parser, evaluator, session, commands, scalar Value built-ins
//   GradPlot                   the plot model: data -> axes, ticks, Braille cells, SVG, CSV
//   GradModels                 NPLM, RNN, LSTM, GRU; tokenizers, datasets, training
//   GradTensor                 tensors, autograd, optimizers, BLAS interface
//   GradCore                   scalar Value engine, micrograd-style nn
//   GradBase                   interrupt flag, seeded generators, lock, number formatting
//   CReadline, CNcurses, CBLAS C libraries (module maps, tiny shims)
//   CKernels                   AVX-512 float32 GEMM and exponential (C, chosen at run time)

import PackageDescription

// MARK: - Settings

/// Engine targets are the hot paths: let the optimizer see across modules.
let engineSettings: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

/// The interpreter reads and writes class properties (frames, instances, lists) on every
/// step; the run-time exclusivity check around each access costs more than the access. The
/// compiler still checks exclusivity statically; release builds skip the dynamic check.
let interpreterSettings: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

// MARK: - Package

let package = Package(
  name: "gradrepl",
  products: [
    .executable(name: "gradrepl", targets: ["gradrepl"]),
    .executable(name: "gradbench", targets: ["gradbench"]),
    .library(name: "GradCore", targets: ["GradCore"]),
    .library(name: "GradTensor", targets: ["GradTensor"]),
    .library(name: "GradModels", targets: ["GradModels"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // MARK: C libraries

    /// BLAS: OpenBLAS on Linux (libopenblas-dev), Accelerate on Apple platforms.
    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    /// AVX-512 float32 kernels (matrix multiply, exponentials), chosen at run time.
    .target(
      name: "CKernels",
      cSettings: [.unsafeFlags(["-O2"])]
    ),
    /// GNU readline, with accessors for the globals Swift 6 cannot touch.
    .target(
      name: "CReadline",
      linkerSettings: [.linkedLibrary("readline")]
    ),
    /// ncursesw, with accessors for the macros Swift cannot import.
    .target(
      name: "CNcurses",
      linkerSettings: [.linkedLibrary("ncursesw")]
    ),

    // MARK: Engine

    /// What every layer shares: Ctrl-C, seeded generators, a lock, number formatting.
    .target(name: "GradBase", swiftSettings: engineSettings),
    .target(name: "GradCore", dependencies: ["GradBase"], swiftSettings: engineSettings),
    .target(
      name: "GradTensor",
      dependencies: [
        "GradBase", "CKernels",
        .target(name: "CBLAS", condition: .when(platforms: [.linux])),
      ],
      swiftSettings: engineSettings
    ),
    .target(
      name: "GradModels", dependencies: ["GradBase", "GradTensor"], swiftSettings: engineSettings),

    // MARK: Interpreter and front end

    /// The plot model: pure data -> layout, no terminal, no interpreter.
    .target(name: "GradPlot"),
    /// The language: syntax, evaluator, session, console; the scalar Value is native.
    .target(
      name: "GradLanguage", dependencies: ["GradBase", "GradCore"],
      swiftSettings: interpreterSettings),
    /// The engines and the plot bound into the language, and the standard session.
    .target(
      name: "GradBindings",
      dependencies: [
        "GradBase", "GradLanguage", "GradPlot", "GradCore", "GradTensor", "GradModels",
      ]
    ),
    .target(
      name: "GradLessons", dependencies: ["GradBase", "GradBindings", "GradLanguage", "GradPlot"]),
    .target(
      name: "GradUI",
      dependencies: [
        "GradBase", "GradCore", "GradBindings", "GradLanguage", "GradPlot", "CReadline",
        "CNcurses",
      ]),

    // MARK: Support

    /// Drives the real binary through a pseudo-terminal (end-to-end tests, start-up benchmark).
    .target(name: "GradTestSupport"),

    // MARK: Executables

    .executableTarget(
      name: "gradrepl",
      dependencies: [
        "GradCore", "GradModels", "GradPlot", "GradLanguage", "GradBindings", "GradLessons",
        "GradUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "gradbench",
      dependencies: [
        "GradBase", "GradCore", "GradTensor", "GradModels", "GradPlot", "GradLanguage",
        "GradBindings", "GradTestSupport",
        .target(name: "CBLAS", condition: .when(platforms: [.linux])),
      ],
      swiftSettings: engineSettings
    ),

    // MARK: Tests

    .testTarget(name: "GradBaseTests", dependencies: ["GradBase", "GradTestSupport"]),
    .testTarget(name: "GradCoreTests", dependencies: ["GradBase", "GradCore", "GradTestSupport"]),
    .testTarget(
      name: "GradTensorTests", dependencies: ["GradTensor", "CKernels", "GradTestSupport"]),
    .testTarget(
      name: "GradModelsTests", dependencies: ["GradModels", "GradTensor", "GradTestSupport"]),
    .testTarget(name: "GradPlotTests", dependencies: ["GradPlot"]),
    /// ClassCorpus/ holds Python programs the tests read from the source tree.
    .testTarget(
      name: "GradLanguageTests",
      dependencies: ["GradBase", "GradLanguage", "GradCore", "GradTestSupport"],
      exclude: ["ClassCorpus"]),
    /// TorchCorpus/ holds PyTorch and numpy programs the tests read from the source tree;
    /// TorchCorpusPending/ those that do not yet print what PyTorch prints.
    .testTarget(
      name: "GradBindingsTests",
      dependencies: [
        "GradBase", "GradBindings", "GradLanguage", "GradPlot", "GradCore", "GradTensor",
        "GradModels", "GradTestSupport",
      ],
      exclude: ["TorchCorpus", "TorchCorpusPending"]),
    .testTarget(
      name: "GradLessonsTests", dependencies: ["GradLessons", "GradBindings", "GradLanguage"]),
    .testTarget(name: "GradUITests", dependencies: ["GradUI", "GradTestSupport"]),
  ]
)
