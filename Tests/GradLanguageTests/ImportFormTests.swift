import Testing

@testable import GradLanguage

/// Every form of `import` over the language's own modules (the torch forms are in
/// GradBindingsTests, where torch exists).
@Suite struct ImportFormTests {
  @Test func micrograd() {
    #expect(
      run(
        "import micrograd", "micrograd, micrograd.engine, micrograd.nn",
        "import micrograd.engine\nmicrograd.engine.Value is Value",
        "from micrograd.nn import MLP, Neuron as N, Layer\nMLP is micrograd.nn.MLP, N is Neuron",
        "from micrograd import engine, nn as mnn\nengine.Value(2.0).data, mnn.Layer is Layer",
        "import micrograd.nn as mgnn\ntype(mgnn.MLP(2, [1]))")
          == """
          (<module 'micrograd'>, <module 'micrograd.engine'>, <module 'micrograd.nn'>)
          True
          (True, True)
          (2.0, True)
          <class 'MLP'>

          """)
  }

  @Test func severalModulesAliasesAndStar() {
    #expect(
      run(
        "import math, random as rnd\nmath.sqrt(9), rnd.seed is random.seed",
        "from math import *\nfloor(2.5), pi > 3",
        "from random import (seed,\n    uniform)\nseed(1)\n0 <= uniform(0, 1) <= 1")
        == "(3.0, True)\n(2, True)\nTrue\n")
    #expect(
      run("def f():\n    from math import *")
        .hasSuffix("SyntaxError: import * only allowed at module level\n"))
  }

  @Test func missingModulesAndNames() {
    let missing = run("import numpy as np")
    #expect(missing.hasPrefix("ModuleNotFoundError: No module named 'numpy'\n"))
    #expect(missing.contains("math, micrograd, random"))
    #expect(run("import math.sqrt").hasPrefix("ModuleNotFoundError: No module named 'math.sqrt'"))
    #expect(run("import nn").hasPrefix("ModuleNotFoundError: No module named 'nn'"))
    #expect(
      run("from math import cube")
        == "ImportError: cannot import name 'cube' from 'math'\n")
    #expect(
      run("from micrograd.nn import Value")
        == "ImportError: cannot import name 'Value' from 'micrograd.nn' "
        + "(built in here: Layer, MLP, Neuron)\n")
  }

  @Test func importsBindFunctionLocals() {
    #expect(
      run("def f():\n    import math as m\n    return m.pi > 3", "f()", "m")
        == "True\nNameError: name 'm' is not defined\n")
  }
}
