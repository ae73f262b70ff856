// Tensor engine benchmarks: matmul against OpenBLAS called directly, per-op overhead, and one
// MLP training step; with --reference, the same workloads in PyTorch (one thread on both
// sides) and the ratios.
//
// Workloads (Tests/Reference/torch_tensor_bench.py runs the same):
//   matmul  float32 n×n · n×n, n = 256, 512, 1024, 2·n³ flops
//   ops     add, mul, tanh, sum on a 1-element and a 64×64 float32 tensor: forward only (no
//           grad), and forward + backward (input requires grad, y.backward(gradient: ones))
//   ce      cross-entropy forward + backward, logits (128, 10000) requiring grad
//   mlp     784→256→256→10 tanh MLP, batch 64, cross-entropy, Adam(lr 1e-3): zeroGrad,
//           forward, backward, step
import Foundation
import GradTensor

#if canImport(CBLAS)
  import CBLAS
#endif

enum TensorBench {
  /// Median seconds per call of `body` over five windows of about `seconds / 5` each.
  static func perCall(seconds: Double, _ body: () throws -> Void) throws -> Double {
    for _ in 0..<3 { try body() }
    var n = 1
    var elapsed = 0.0
    while true {
      let t0 = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<n { try body() }
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
      if elapsed >= seconds / 20 || n >= 1 << 22 { break }
      n *= 2
    }
    let calls = max(1, Int(Double(n) * (seconds / 5) / max(elapsed, 1e-9)))
    var times: [Double] = []
    for _ in 0..<5 {
      let t0 = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<calls { try body() }
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(calls))
    }
    return times.sorted()[2]
  }

  /// Median seconds per call of two workloads measured in alternating windows, so that load
  /// from other processes affects both alike.
  static func interleaved(
    seconds: Double, _ first: () throws -> Void, _ second: () throws -> Void
  ) throws -> (Double, Double) {
    let calls1 = try callsPerWindow(seconds: seconds / 18, first)
    let calls2 = try callsPerWindow(seconds: seconds / 18, second)
    var t1: [Double] = []
    var t2: [Double] = []
    for _ in 0..<9 {
      t1.append(try window(calls1, first))
      t2.append(try window(calls2, second))
    }
    return (t1.sorted()[4], t2.sorted()[4])
  }

  private static func callsPerWindow(seconds: Double, _ body: () throws -> Void) throws -> Int {
    for _ in 0..<2 { try body() }
    var n = 1
    while true {
      let t = try window(n, body) * Double(n)
      if t >= seconds / 4 || n >= 1 << 22 { return max(1, Int(Double(n) * seconds / max(t, 1e-9))) }
      n *= 2
    }
  }

  private static func window(_ calls: Int, _ body: () throws -> Void) throws -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<calls { try body() }
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(calls)
  }

  /// CPU seconds used by the whole machine (from /proc/stat) and by this process.
  static func cpuTimes() -> (machine: Double, mine: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let mine =
      Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
      let line = text.split(separator: "\n").first
    else { return (0, mine) }
    let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard fields.count >= 7 else { return (0, mine) }
    let ticks = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]
    return (ticks / 100, mine)
  }

  static func result(_ key: String, _ value: Double, _ unit: String, digits: Int = 3) -> String {
    let line = "RESULT \(key)=\(String(format: "%.\(digits)f", value)) \(unit)"
    print(line)
    return line
  }

  static func run(_ args: [String]) throws {
    var seconds = 0.3
    var reference = false
    var only: String?
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--reference": reference = true
      case "--only":
        i += 1
        only = i < args.count ? args[i] : nil
      case "--seconds":
        i += 1
        seconds = i < args.count ? Double(args[i]) ?? seconds : seconds
      default:
        throw TensorError(
          .invalidArgument,
          "unknown option \(args[i]) (use --reference, --seconds S, --only matmul|ops|ce|mlp)")
      }
      i += 1
    }
    BLAS.threadCount = 1
    print("INFO blas=\(BLAS.kernelDescription)")
    print("INFO gradtensor blas_threads=\(BLAS.threadCount)")
    let start = cpuTimes()
    let startWall = DispatchTime.now().uptimeNanoseconds
    /// How busy the rest of the machine was while this engine was measured.
    func reportLoad() {
      let end = cpuTimes()
      let wall = Double(DispatchTime.now().uptimeNanoseconds - startWall) / 1e9
      let others = max(0, (end.machine - start.machine) - (end.mine - start.mine)) / wall
      print("INFO tensor_bench others_cores=\(String(format: "%.2f", others))")
    }
    var ours: [String: Double] = [:]

    // Matrix multiply: engine (allocates its output) vs cblas_sgemm into a preallocated C.
    manualSeed(0)
    for n in [256, 512, 1024] where only == nil || only == "matmul" {
      let a = try Tensor.randn([n, n])
      let b = try Tensor.randn([n, n])
      let flops = 2 * Double(n * n * n)
      #if canImport(CBLAS)
        let x = a.toFloatArray()
        let y = b.toFloatArray()
        var c = [Float](repeating: 0, count: n * n)
        let (engine, direct) = try interleaved(seconds: seconds * 2) {
          _ = try a.matmul(b)
        } _: {
          cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, x,
            Int32(n), y, Int32(n), 0, &c, Int32(n))
        }
        ours["matmul_n\(n)"] = flops / engine / 1e9
        _ = result("tensor_matmul_n\(n)", flops / engine / 1e9, "GFLOP/s", digits: 1)
        _ = result("tensor_matmul_n\(n)_openblas", flops / direct / 1e9, "GFLOP/s", digits: 1)
        _ = result("tensor_matmul_n\(n)_vs_openblas", direct / engine, "x")
        // The default of one OpenBLAS thread, checked against two.
        BLAS.threadCount = 2
        let twoThreads = try perCall(seconds: seconds) { _ = try a.matmul(b) }
        BLAS.threadCount = 1
        _ = result("tensor_matmul_n\(n)_t2", flops / twoThreads / 1e9, "GFLOP/s", digits: 1)
      #else
        let engine = try perCall(seconds: seconds) { _ = try a.matmul(b) }
        ours["matmul_n\(n)"] = flops / engine / 1e9
        _ = result("tensor_matmul_n\(n)", flops / engine / 1e9, "GFLOP/s", digits: 1)
      #endif
    }

    // Per-op overhead.
    let ops: [(String, (Tensor) throws -> Tensor)] = [
      ("add", { try $0 + $0 }), ("mul", { try $0 * $0 }), ("tanh", { try $0.tanh() }),
      ("sum", { try $0.sum() }),
    ]
    for (sizeName, shape) in [("1", [1]), ("64x64", [64, 64])] where only == nil || only == "ops" {
      for (name, op) in ops {
        let x = try Tensor.randn(shape)
        let fwd = try noGrad { try perCall(seconds: seconds) { _ = try op(x) } }
        ours["op_\(name)_\(sizeName)_fwd"] = fwd * 1e6
        _ = result("tensor_op_\(name)_\(sizeName)_fwd", fwd * 1e6, "us")
        let xg = try Tensor.randn(shape, requiresGrad: true)
        let g = try op(xg).onesLike()
        let both = try perCall(seconds: seconds) { try op(xg).backward(gradient: g) }
        ours["op_\(name)_\(sizeName)_fwdbwd"] = both * 1e6
        _ = result("tensor_op_\(name)_\(sizeName)_fwdbwd", both * 1e6, "us")
      }
    }

    // Fused cross-entropy over a language-model vocabulary: forward and backward.
    if only == nil || only == "ce" {
      let logits = try Tensor.randn([128, 10_000], requiresGrad: true)
      let targets = try Tensor.randint(0, 10_000, [128])
      let ce = try perCall(seconds: seconds) {
        logits.grad = nil
        try crossEntropy(logits, targets).backward()
      }
      ours["ce_b128_v10000_fwdbwd"] = ce * 1e6
      _ = result("tensor_ce_b128_v10000_fwdbwd", ce * 1e6, "us", digits: 1)
    }

    // One MLP training step.
    if only == nil || only == "mlp" {
      let l1 = try Linear(inFeatures: 784, outFeatures: 256)
      let l2 = try Linear(inFeatures: 256, outFeatures: 256)
      let l3 = try Linear(inFeatures: 256, outFeatures: 10)
      let adam = try Adam(
        parameters: l1.parameters() + l2.parameters() + l3.parameters(), learningRate: 1e-3)
      let x = try Tensor.randn([64, 784])
      let y = try Tensor.randint(0, 10, [64])
      let step = try perCall(seconds: max(seconds, 1)) {
        adam.zeroGrad()
        let logits = try l3(l2(l1(x).tanh()).tanh())
        try crossEntropy(logits, y).backward()
        try adam.step()
      }
      ours["mlp_step"] = step * 1e6
      _ = result("tensor_mlp_step", step * 1e6, "us", digits: 1)
    }

    reportLoad()
    if reference { try compareWithTorch(ours, seconds: seconds) }
  }

  /// Runs the PyTorch script in the same go and prints torch's figures and the ratios.
  static func compareWithTorch(_ ours: [String: Double], seconds: Double) throws {
    let run = try Reference.run([
      Reference.repositoryFile("Tests/Reference/torch_tensor_bench.py"), "--seconds",
      String(seconds),
    ])
    var torch: [String: Double] = [:]
    for line in run.lines { print(line) }
    for (name, value) in run.results where name.hasPrefix("torch_") {
      torch[String(name.dropFirst(6))] = value
    }
    // Ratios: > 1 means the engine is faster (for matmul: its GFLOP/s relative to torch's).
    for key in ours.keys.sorted() {
      guard let mine = ours[key], let theirs = torch[key], mine > 0, theirs > 0 else { continue }
      let speedup = key.hasPrefix("matmul") ? mine / theirs : theirs / mine
      _ = result("tensor_speedup_vs_torch_\(key)", speedup, "x")
    }
  }
}
