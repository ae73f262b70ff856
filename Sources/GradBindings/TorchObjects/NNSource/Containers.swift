// The source of torch.nn's containers, in the language: Sequential (children run
// in order) and ModuleList (a list whose items are registered children).

extension NNSource {
  static let containers = #"""

    def _child_index(container, index):
        count = len(container._modules)
        if not isinstance(index, int):
            raise TypeError(f'{type(container).__name__} indices must be integers or slices, not {type(index).__name__}')
        if index < -count or index >= count:
            raise IndexError(f'index {index} is out of range')
        return index + count if index < 0 else index


    class Sequential(Module):
        def __init__(self, *args):
            super().__init__()
            if len(args) == 1 and isinstance(args[0], dict):
                for name, module in args[0].items():
                    self.add_module(name, module)
            else:
                for i, module in enumerate(args):
                    self.add_module(str(i), module)

        def forward(self, input):
            for module in self._modules.values():
                input = module(input)
            return input

        def __getitem__(self, index):
            if isinstance(index, slice):
                # A slice keeps the children's names, as PyTorch's does.
                return Sequential(dict(list(self._modules.items())[index]))
            return list(self._modules.values())[_child_index(self, index)]

        def __setitem__(self, index, module):
            names = list(self._modules)
            self.add_module(names[_child_index(self, index)], module)

        def __len__(self):
            return len(self._modules)

        def __iter__(self):
            return iter(list(self._modules.values()))

        def append(self, module):
            self.add_module(str(len(self._modules)), module)
            return self


    class ModuleList(Module):
        def __init__(self, modules=None):
            super().__init__()
            if modules is not None:
                self.extend(modules)

        def append(self, module):
            self.add_module(str(len(self._modules)), module)
            return self

        def extend(self, modules):
            for module in modules:
                self.append(module)
            return self

        def insert(self, index, module):
            modules = list(self._modules.values())
            modules.insert(index, module)
            for name in list(self._modules):
                self._forget(name)
            for i, m in enumerate(modules):
                self.add_module(str(i), m)

        def __getitem__(self, index):
            modules = list(self._modules.values())
            if isinstance(index, slice):
                return ModuleList(modules[index])
            return modules[_child_index(self, index)]

        def __setitem__(self, index, module):
            self.add_module(str(_child_index(self, index)), module)

        def __len__(self):
            return len(self._modules)

        def __iter__(self):
            return iter(list(self._modules.values()))

        def __iadd__(self, modules):
            return self.extend(modules)

        def _child_lines(self):
            # PyTorch folds runs of children with the same text: (0-2): 3 x Linear(...)
            lines = []
            items = list(self._modules.items())
            i = 0
            while i < len(items):
                text = repr(items[i][1])
                j = i
                while j + 1 < len(items) and repr(items[j + 1][1]) == text:
                    j += 1
                shown = text.replace('\n', '\n  ')
                if j == i:
                    lines.append('(' + items[i][0] + '): ' + shown)
                else:
                    lines.append(f'({items[i][0]}-{items[j][0]}): {j - i + 1} x ' + shown)
                i = j + 1
            return lines

    """#
}
