// The source of `nn.Module`, in the language: registration of parameters,
// buffers and submodules by attribute assignment, traversal, state dicts,
// train/eval, dtype conversion and PyTorch's nested repr.
//
// Each parameter is kept twice, in step: in the module's `_parameters` table
// (what traversal and state dicts walk) and as a plain instance attribute, so
// `self.weight` inside `forward` is an ordinary attribute read.

/// The text of torch.nn, which runs once in a namespace of its own (see
/// `ModuleObject(name:doc:members:source:)`); its top-level names become members of `nn`.
enum NNSource {
  static let module = #"""
    _MESSAGES = {
        'before_init': 'cannot assign {} before Module.__init__() call',
        'wrong_kind': "cannot assign '{}' as {} '{}' ({} or None expected)",
        'no_forward': 'Module [{}] is missing the required "forward" function',
        'cpu_only': "{}: this build of gradrepl computes on the CPU only; leave the module on 'cpu'",
        'bad_device': "Expected one of cpu, cuda device type at start of device string: {}",
        'bad_to': 'to() takes a dtype, a device name or a tensor, not {}',
        'missing': 'Missing key(s) in state_dict: {}. ',
        'unexpected': 'Unexpected key(s) in state_dict: {}. ',
        'size': 'size mismatch for {}: copying a param with shape {} from checkpoint, the shape in current model is {}.',
        'load_failed': 'Error(s) in loading state_dict for {}:\n\t{}',
        'name_kind': '{} name should be a string. Got {}',
        'name_dot': '{} name can\'t contain ".", got: {}',
        'name_empty': '{} name can\'t be empty string ""',
        'name_taken': "attribute '{}' already exists",
        'no_submodule': '{} has no attribute `{}`',
    }


    def _joined(prefix, name):
        return prefix + '.' + name if prefix else name


    def _tensor_kind(value):
        # PyTorch names tensors by their legacy type in this message.
        if isinstance(value, torch.Tensor):
            return {'torch.float32': 'torch.FloatTensor', 'torch.float64': 'torch.DoubleTensor',
                    'torch.int64': 'torch.LongTensor', 'torch.bool': 'torch.BoolTensor'}.get(str(value.dtype), 'torch.Tensor')
        return type(value).__name__


    def _floating(t):
        return t.dtype == torch.float32 or t.dtype == torch.float64


    def _is_dtype(value):
        return type(value).__name__ == 'dtype'


    class _IncompatibleKeys:
        def __init__(self, missing_keys, unexpected_keys):
            self.missing_keys = missing_keys
            self.unexpected_keys = unexpected_keys

        def __iter__(self):
            return iter([self.missing_keys, self.unexpected_keys])

        def __repr__(self):
            if not self.missing_keys and not self.unexpected_keys:
                return '<All keys matched successfully>'
            return ('_IncompatibleKeys(missing_keys=' + repr(self.missing_keys) + ', unexpected_keys='
                    + repr(self.unexpected_keys) + ')')


    class Module:
        # Read before __init__ has run: assignments then know the tables do not exist yet.
        _parameters = None
        _buffers = None
        _modules = None
        training = True

        def __init__(self, *args, **kwargs):
            object.__setattr__(self, 'training', True)
            object.__setattr__(self, '_parameters', {})
            object.__setattr__(self, '_buffers', {})
            object.__setattr__(self, '_non_persistent', set())
            object.__setattr__(self, '_modules', {})

        # Assignment registers: a Parameter as a parameter, a Module as a child; None or a
        # tensor replaces a registered entry of its kind.
        def __setattr__(self, name, value):
            parameters = self._parameters
            if isinstance(value, Parameter):
                if parameters is None:
                    raise AttributeError(_MESSAGES['before_init'].format('parameters'))
                self._forget(name)
                parameters[name] = value
            elif isinstance(value, Module):
                if self._modules is None:
                    raise AttributeError(_MESSAGES['before_init'].format('module'))
                self._forget(name)
                self._modules[name] = value
            elif parameters is not None and name in parameters:
                if value is not None:
                    raise TypeError(_MESSAGES['wrong_kind'].format(
                        _tensor_kind(value), 'parameter', name, 'torch.nn.Parameter'))
                parameters[name] = None
            elif self._modules is not None and name in self._modules:
                if value is not None:
                    raise TypeError(_MESSAGES['wrong_kind'].format(
                        _tensor_kind(value), 'child module', name, 'torch.nn.Module'))
                self._modules[name] = None
            elif self._buffers is not None and name in self._buffers:
                if value is not None and not isinstance(value, torch.Tensor):
                    raise TypeError(_MESSAGES['wrong_kind'].format(
                        _tensor_kind(value), 'buffer', name, 'torch.Tensor'))
                self._buffers[name] = value
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            self._forget(name)
            object.__delattr__(self, name)

        def _forget(self, name):
            for table in (self._parameters, self._buffers, self._modules):
                if table is not None and name in table:
                    del table[name]

        def _check_name(self, kind, name):
            if not isinstance(name, str):
                raise TypeError(_MESSAGES['name_kind'].format(kind, _tensor_kind(name)))
            if '.' in name:
                raise KeyError(_MESSAGES['name_dot'].format(kind, name))
            if name == '':
                raise KeyError(_MESSAGES['name_empty'].format(kind))

        def register_parameter(self, name, param):
            if self._parameters is None:
                raise AttributeError(_MESSAGES['before_init'].format('parameters'))
            self._check_name('parameter', name)
            if param is None:
                self._forget(name)
                self._parameters[name] = None
                object.__setattr__(self, name, None)
            elif not isinstance(param, Parameter):
                raise TypeError(_MESSAGES['wrong_kind'].format(
                    _tensor_kind(param), 'parameter', name, 'torch.nn.Parameter'))
            else:
                self.__setattr__(name, param)

        def register_buffer(self, name, tensor, persistent=True):
            if self._buffers is None:
                raise AttributeError(_MESSAGES['before_init'].format('buffer'))
            self._check_name('buffer', name)
            if tensor is not None and not isinstance(tensor, torch.Tensor):
                raise TypeError(_MESSAGES['wrong_kind'].format(
                    _tensor_kind(tensor), 'buffer', name, 'torch.Tensor'))
            self._forget(name)
            self._buffers[name] = tensor
            if persistent:
                self._non_persistent.discard(name)
            else:
                self._non_persistent.add(name)
            object.__setattr__(self, name, tensor)

        def add_module(self, name, module):
            if module is not None and not isinstance(module, Module):
                raise TypeError(f'{_tensor_kind(module)} is not a Module subclass')
            self._check_name('module', name)
            self._forget(name)
            self._modules[name] = module
            object.__setattr__(self, name, module)

        def register_module(self, name, module):
            self.add_module(name, module)

        # Calling a module runs its forward; nothing else happens per call.
        def __call__(self, *args, **kwargs):
            return self.forward(*args, **kwargs)

        def forward(self, *args, **kwargs):
            raise NotImplementedError(_MESSAGES['no_forward'].format(type(self).__name__))

        # Traversal, depth first in registration order, each object once.
        def _walk_modules(self, prefix, seen, out):
            if id(self) in seen:
                return
            seen.add(id(self))
            out.append((prefix, self))
            for name, child in self._modules.items():
                if child is not None:
                    child._walk_modules(_joined(prefix, name), seen, out)

        def named_modules(self, memo=None, prefix='', remove_duplicate=True):
            out = []
            self._walk_modules(prefix, set(), out)
            return iter(out)

        def modules(self):
            return iter([m for _, m in self.named_modules()])

        def named_children(self):
            return iter([(n, m) for n, m in self._modules.items() if m is not None])

        def children(self):
            return iter([m for m in self._modules.values() if m is not None])

        def _named_members(self, table, prefix, recurse):
            out = []
            seen = set()
            owners = [(prefix, self)]
            if recurse:
                owners = []
                self._walk_modules(prefix, set(), owners)
            for owner_prefix, owner in owners:
                for name, value in getattr(owner, table).items():
                    if value is None or id(value) in seen:
                        continue
                    seen.add(id(value))
                    out.append((_joined(owner_prefix, name), value))
            return out

        def named_parameters(self, prefix='', recurse=True, remove_duplicate=True):
            return iter(self._named_members('_parameters', prefix, recurse))

        def parameters(self, recurse=True):
            return iter([p for _, p in self._named_members('_parameters', '', recurse)])

        def named_buffers(self, prefix='', recurse=True, remove_duplicate=True):
            return iter(self._named_members('_buffers', prefix, recurse))

        def buffers(self, recurse=True):
            return iter([b for _, b in self._named_members('_buffers', '', recurse)])

        def get_submodule(self, target):
            module = self
            if target == '':
                return module
            for part in target.split('.'):
                if part not in module._modules:
                    raise AttributeError(_MESSAGES['no_submodule'].format(type(module).__name__, part))
                module = module._modules[part]
            return module

        def get_parameter(self, target):
            parts = target.split('.')
            name = parts[-1]
            owner = self.get_submodule('.'.join(parts[:-1]))
            if name not in owner._parameters:
                raise AttributeError(f'{type(owner).__name__} has no parameter `{name}`')
            return owner._parameters[name]

        # State: parameters and persistent buffers by dotted name, sharing storage.
        def _save_to(self, state, prefix):
            for name, p in self._parameters.items():
                if p is not None:
                    state[prefix + name] = p.detach()
            for name, b in self._buffers.items():
                if b is not None and name not in self._non_persistent:
                    state[prefix + name] = b.detach()
            for name, child in self._modules.items():
                if child is not None:
                    child._save_to(state, prefix + name + '.')

        def state_dict(self, destination=None, prefix='', keep_vars=False):
            state = {} if destination is None else destination
            self._save_to(state, prefix)
            return state

        def load_state_dict(self, state_dict, strict=True, assign=False):
            own = self.state_dict()
            missing = [k for k in own if k not in state_dict]
            unexpected = [k for k in state_dict if k not in own]
            errors = []
            for key, target in own.items():
                if key in state_dict:
                    source = state_dict[key]
                    if not isinstance(source, torch.Tensor):
                        source = torch.tensor(source)
                    if list(source.shape) != list(target.shape):
                        errors.append(_MESSAGES['size'].format(key, source.shape, target.shape))
            if strict:
                if unexpected:
                    errors.insert(0, _MESSAGES['unexpected'].format(', '.join([f'"{k}"' for k in unexpected])))
                if missing:
                    errors.insert(0, _MESSAGES['missing'].format(', '.join([f'"{k}"' for k in missing])))
            if errors:
                raise RuntimeError(_MESSAGES['load_failed'].format(type(self).__name__, '\n\t'.join(errors)))
            with torch.no_grad():
                for key, target in own.items():
                    if key in state_dict:
                        target.copy_(state_dict[key])
            return _IncompatibleKeys(missing, unexpected)

        # Gradients and modes.
        def zero_grad(self, set_to_none=True):
            for p in self.parameters():
                if set_to_none:
                    p.grad = None
                elif p.grad is not None:
                    p.grad.zero_()

        def requires_grad_(self, requires_grad=True):
            for p in self.parameters():
                p.requires_grad_(requires_grad)
            return self

        def train(self, mode=True):
            if not isinstance(mode, bool):
                raise ValueError('training mode is expected to be boolean')
            for _, m in self.named_modules():
                object.__setattr__(m, 'training', mode)
            return self

        def eval(self):
            return self.train(False)

        def apply(self, fn):
            for child in self.children():
                child.apply(fn)
            fn(self)
            return self

        # Conversion: every parameter (and its grad) and buffer, in place of the old tensor; a
        # Parameter stays the same object, as `p.data = ...` keeps it.
        def _convert(self, convert):
            for _, m in self.named_modules():
                for p in m._parameters.values():
                    if p is not None:
                        p.data = convert(p.data)
                        if p.grad is not None:
                            p.grad = None if p.grad.dtype != p.dtype else p.grad
                for name, b in list(m._buffers.items()):
                    if b is not None:
                        m._buffers[name] = convert(b)
                        object.__setattr__(m, name, m._buffers[name])
            return self

        def double(self):
            return self._convert(lambda t: t.double() if _floating(t) else t)

        def float(self):
            return self._convert(lambda t: t.float() if _floating(t) else t)

        def _check_device(self, device, what):
            name = str(device)
            if name == 'cpu' or name.startswith('cpu:'):
                return
            if name.startswith('cuda') or name.startswith('mps'):
                raise RuntimeError(_MESSAGES['cpu_only'].format(what))
            raise RuntimeError(_MESSAGES['bad_device'].format(name))

        def to(self, *args, **kwargs):
            wanted = list(args) + [kwargs[k] for k in ('device', 'dtype') if k in kwargs]
            for target in wanted:
                if target is None:
                    continue
                if _is_dtype(target):
                    self._convert(lambda t: t.to(target) if _floating(t) else t)
                elif isinstance(target, torch.Tensor):
                    dtype = target.dtype
                    self._convert(lambda t: t.to(dtype) if _floating(t) else t)
                elif isinstance(target, str) or type(target).__name__ == 'device':
                    self._check_device(target, 'to()')
                else:
                    raise TypeError(_MESSAGES['bad_to'].format(type(target).__name__))
            return self

        def cpu(self):
            return self

        def cuda(self, device=None):
            raise RuntimeError(_MESSAGES['cpu_only'].format('cuda()'))

        # Text: PyTorch's layout, a child per line indented under its parent.
        def extra_repr(self):
            return ''

        def _get_name(self):
            return type(self).__name__

        def _child_lines(self):
            return ['(' + name + '): ' + repr(child).replace('\n', '\n  ')
                    for name, child in self._modules.items()]

        def __repr__(self):
            extra = self.extra_repr()
            lines = extra.split('\n') if extra else []
            children = self._child_lines()
            if not children and len(lines) <= 1:
                return self._get_name() + '(' + ''.join(lines) + ')'
            return self._get_name() + '(\n  ' + '\n  '.join(lines + children) + '\n)'

        def __dir__(self):
            return sorted(set(dir(type(self)) + list(self._parameters) + list(self._modules) + list(self._buffers)))

    """#
}
