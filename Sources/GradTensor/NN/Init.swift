// Weight initialisers (PyTorch's torch.nn.init), drawing from the global seeded generator.

/// In-place initialisers. They run without autograd and overwrite every element.
public enum Init {
  /// (fan_in, fan_out) of a weight: for a (out, in, k…) tensor, in·k… and out·k….
  public static func fans(_ t: Tensor) throws -> (fanIn: Int, fanOut: Int) {
    guard t.ndim >= 2 else {
      throw TensorError(
        .invalidArgument,
        "fan in and fan out can not be computed for a tensor with fewer than 2 dimensions")
    }
    let receptive = t.shape.dropFirst(2).reduce(1, *)
    return (t.shape[1] * receptive, t.shape[0] * receptive)
  }

  private static func fill(_ t: Tensor, _ draw: (inout TensorRandomGenerator) -> Double) throws {
    guard t.dtype.isFloatingPoint else {
      throw TensorError(.dtypeMismatch, "init: expected a floating point tensor")
    }
    let c = try t.contiguous().detach()
    GlobalRandom.with { rng in
      for i in 0..<c.count { c.setRaw(flat: i, draw(&rng)) }
    }
    if c.storage !== t.storage { try noGrad { try t.copy_(c) } }
  }

  /// Uniform in [low, high).
  public static func uniform(_ t: Tensor, _ low: Double, _ high: Double) throws {
    try fill(t) { low + (high - low) * $0.nextUnit() }
  }

  /// Normal with the given mean and standard deviation.
  public static func normal(_ t: Tensor, mean: Double = 0, std: Double = 1) throws {
    try fill(t) { mean + std * $0.nextNormal() }
  }

  /// Glorot/Xavier uniform: U(−a, a) with a = gain · √(6 / (fan_in + fan_out)).
  public static func xavierUniform(_ t: Tensor, gain: Double = 1) throws {
    let (i, o) = try fans(t)
    let a = gain * (6 / Double(i + o)).squareRoot()
    try uniform(t, -a, a)
  }

  /// Glorot/Xavier normal: N(0, σ²) with σ = gain · √(2 / (fan_in + fan_out)).
  public static func xavierNormal(_ t: Tensor, gain: Double = 1) throws {
    let (i, o) = try fans(t)
    try normal(t, mean: 0, std: gain * (2 / Double(i + o)).squareRoot())
  }

  /// He/Kaiming uniform for a leaky-ReLU slope `a`: U(−b, b) with
  ///
  /// ```
  /// b = gain · √(3 / fan_in),   gain = √(2 / (1 + a²))
  /// ```
  public static func kaimingUniform(_ t: Tensor, a: Double = 0) throws {
    let (i, _) = try fans(t)
    let gain = (2 / (1 + a * a)).squareRoot()
    let b = gain * (3 / Double(i)).squareRoot()
    try uniform(t, -b, b)
  }

  /// PyTorch's default for nn.Linear weights: kaiming uniform with a = √5, which works out to
  /// U(−1/√fan_in, 1/√fan_in).
  public static func linearDefault(_ t: Tensor) throws {
    try kaimingUniform(t, a: 5.0.squareRoot())
  }
}
