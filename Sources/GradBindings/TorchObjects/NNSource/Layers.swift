// The source of torch.nn's feed-forward layers and their initialisation, in the
// language: Linear, Embedding, Dropout, LayerNorm, the activations, Identity and
// Flatten. Each forward is one native kernel (F.linear, F.embedding, ...).
//
// Shapes: N batch, * any leading dimensions, in/out features, V rows of a table, D its width.

extension NNSource {
  static let layers = #"""

    def _empty(shape, dtype):
        if dtype is None:
            return torch.zeros(shape)
        return torch.zeros(shape, dtype=dtype)


    def _uniform_bound(tensor, bound):
        with torch.no_grad():
            tensor.uniform_(-bound, bound)


    class Identity(Module):
        def __init__(self, *args, **kwargs):
            super().__init__()

        def forward(self, input):
            return input


    class Linear(Module):
        # y = x · Wᵀ + b, x (*, in), W (out, in), b (out) → y (*, out)
        def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
            super().__init__()
            self.in_features = in_features
            self.out_features = out_features
            self.weight = Parameter(_empty([out_features, in_features], dtype))
            if bias:
                self.bias = Parameter(_empty([out_features], dtype))
            else:
                self.register_parameter('bias', None)
            self.reset_parameters()

        def reset_parameters(self):
            # PyTorch's default, kaiming_uniform_ with a = √5, is U(±1/√in) for W; b is U(±1/√in).
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            _uniform_bound(self.weight, bound)
            if self.bias is not None:
                _uniform_bound(self.bias, bound)

        def forward(self, input):
            return F.linear(input, self.weight, self.bias)

        def extra_repr(self):
            return f'in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}'


    class Embedding(Module):
        # row i of W (V, D) for each index: input (*) int64 → (*, D); rows N(0, 1) at the start
        def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
                     norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None,
                     _freeze=False, device=None, dtype=None):
            super().__init__()
            if padding_idx is not None:
                if padding_idx > 0 and padding_idx >= num_embeddings:
                    raise AssertionError('Padding_idx must be within num_embeddings')
                if padding_idx < 0:
                    if padding_idx < -num_embeddings:
                        raise AssertionError('Padding_idx must be within num_embeddings')
                    padding_idx = num_embeddings + padding_idx
            if max_norm is not None:
                raise NotImplementedError('Embedding(max_norm=...) is not available here')
            self.num_embeddings = num_embeddings
            self.embedding_dim = embedding_dim
            self.padding_idx = padding_idx
            if _weight is None:
                self.weight = Parameter(_empty([num_embeddings, embedding_dim], dtype))
                self.reset_parameters()
            else:
                self.weight = Parameter(_weight, requires_grad=not _freeze)
            self._keep = None

        def reset_parameters(self):
            with torch.no_grad():
                self.weight.normal_(0, 1)
                if self.padding_idx is not None:
                    self.weight[self.padding_idx] = 0

        def forward(self, input):
            if self.padding_idx is None:
                return F.embedding(input, self.weight)
            # The padding row gets no gradient: the table is used through a mask that is 0 on
            # that row (whose values are 0 already, so the forward values are the same).
            keep = self._keep
            if keep is None or keep.dtype != self.weight.dtype or keep.shape[0] != self.num_embeddings:
                keep = torch.ones([self.num_embeddings, 1], dtype=self.weight.dtype)
                keep[self.padding_idx] = 0
                object.__setattr__(self, '_keep', keep)
            return F.embedding(input, self.weight * keep)

        def extra_repr(self):
            text = f'{self.num_embeddings}, {self.embedding_dim}'
            if self.padding_idx is not None:
                text += f', padding_idx={self.padding_idx}'
            return text


    class Dropout(Module):
        # zeroes each element with probability p while training, scaling the rest by 1/(1 − p)
        def __init__(self, p=0.5, inplace=False):
            super().__init__()
            if p < 0 or p > 1:
                raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
            self.p = p
            self.inplace = inplace

        def forward(self, input):
            return F.dropout(input, self.p, self.training)

        def extra_repr(self):
            return f'p={self.p}, inplace={self.inplace}'


    class Tanh(Module):
        def forward(self, input):
            return input.tanh()


    class ReLU(Module):
        def __init__(self, inplace=False):
            super().__init__()
            self.inplace = inplace

        def forward(self, input):
            return input.relu()

        def extra_repr(self):
            return 'inplace=True' if self.inplace else ''


    class Sigmoid(Module):
        def forward(self, input):
            return input.sigmoid()


    class Softmax(Module):
        def __init__(self, dim=None):
            super().__init__()
            self.dim = dim

        def forward(self, input):
            return F.softmax(input, self.dim if self.dim is not None else _implicit_dim(input))

        def extra_repr(self):
            return f'dim={self.dim}'


    class LogSoftmax(Module):
        def __init__(self, dim=None):
            super().__init__()
            self.dim = dim

        def forward(self, input):
            return F.log_softmax(input, self.dim if self.dim is not None else _implicit_dim(input))

        def extra_repr(self):
            return f'dim={self.dim}'


    def _implicit_dim(input):
        # PyTorch's choice when dim is not given: 0 for 0-, 1- and 3-d input, else 1.
        return 0 if input.ndim in (0, 1, 3) else 1


    class Flatten(Module):
        def __init__(self, start_dim=1, end_dim=-1):
            super().__init__()
            self.start_dim = start_dim
            self.end_dim = end_dim

        def forward(self, input):
            return input.flatten(self.start_dim, self.end_dim)

        def extra_repr(self):
            return f'start_dim={self.start_dim}, end_dim={self.end_dim}'


    class LayerNorm(Module):
        # y = (x − E[x]) / √(Var[x] + eps) · γ + β over the last len(normalized_shape) dimensions,
        # Var the biased variance (divided by the count, not count − 1)
        def __init__(self, normalized_shape, eps=1e-05, elementwise_affine=True, bias=True,
                     device=None, dtype=None):
            super().__init__()
            if isinstance(normalized_shape, int):
                normalized_shape = (normalized_shape,)
            self.normalized_shape = tuple(normalized_shape)
            self.eps = eps
            self.elementwise_affine = elementwise_affine
            self._has_bias = bias and elementwise_affine
            if elementwise_affine:
                self.weight = Parameter(_empty(list(self.normalized_shape), dtype))
                if bias:
                    self.bias = Parameter(_empty(list(self.normalized_shape), dtype))
                else:
                    self.register_parameter('bias', None)
            else:
                self.register_parameter('weight', None)
                self.register_parameter('bias', None)
            self.reset_parameters()

        def reset_parameters(self):
            with torch.no_grad():
                if self.weight is not None:
                    self.weight.fill_(1)
                if self.bias is not None:
                    self.bias.zero_()

        def forward(self, input):
            k = len(self.normalized_shape)
            if list(input.shape)[input.ndim - k:] != list(self.normalized_shape):
                raise RuntimeError(
                    f'Given normalized_shape={list(self.normalized_shape)}, expected input with shape '
                    + f'[*, {", ".join([str(n) for n in self.normalized_shape])}], but got input of size'
                    + f'{input.shape}')
            dims = tuple(range(input.ndim - k, input.ndim))
            mean = input.mean(dims, keepdim=True)
            centred = input - mean
            variance = (centred * centred).mean(dims, keepdim=True)
            y = centred / (variance + self.eps).sqrt()
            if self.weight is not None:
                y = y * self.weight
            if self.bias is not None:
                y = y + self.bias
            return y

        def extra_repr(self):
            return (f'{self.normalized_shape}, eps={self.eps}, '
                    + f'elementwise_affine={self.elementwise_affine}, bias={self._has_bias}')

    """#
}
