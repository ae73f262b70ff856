// The models' seeded generator: weights, dropout masks, batch order and the
// generated corpus come out the same on every machine and every Swift version.

import GradBase

/// SplitMix64, under the name the models' code uses for "the run's own generator".
typealias SeededGenerator = SplitMix64
