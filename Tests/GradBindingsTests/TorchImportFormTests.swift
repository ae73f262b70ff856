import Testing

@testable import GradBindings
@testable import GradLanguage

/// The lecture's torch imports, in every form CPython accepts, bind the pre-bound objects.
@Suite struct TorchImportFormTests {
  @Test func dottedImportsWithAndWithoutAliases() {
    #expect(
      run(
        "import torch.nn as nn2\nimport torch.nn.functional as F2\nimport torch.optim as optim",
        "nn2 is nn, F2 is F, optim is torch.optim",
        "import torch.nn\ntorch.nn.Linear(2, 1).weight.shape",
        "import torch.nn.functional, math\ntorch.nn.functional.relu(torch.tensor([-1.0, 2.0]))",
        "from torch.nn import functional as G, Linear\nG is F, Linear is nn.Linear",
        "from torch.optim import SGD, Adam\nSGD is optim.SGD")
          == """
          (True, True, True)
          torch.Size([1, 2])
          tensor([0., 2.])
          (True, True)
          True

          """)
  }

  @Test func missingTorchModulesAndNames() {
    #expect(
      run("import torch.nn.x").hasPrefix(
        "ModuleNotFoundError: No module named 'torch.nn.x'\nThe modules here are gc, math, "
          + "micrograd, numpy, random, torch"))
    #expect(
      run("from torch.nn import x") == "ImportError: cannot import name 'x' from 'torch.nn'\n")
    #expect(
      run("from torch.nn import Linaer")
        == "ImportError: cannot import name 'Linaer' from 'torch.nn'. Did you mean 'Linear'?\n")
  }

  @Test func starImportBindsThePublicNames() {
    #expect(run("from torch.nn.functional import *\nrelu is F.relu") == "True\n")
  }
}
