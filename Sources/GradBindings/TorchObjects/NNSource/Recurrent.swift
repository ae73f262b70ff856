// The source of torch.nn's recurrent layers, in the language: RNN, LSTM and GRU
// keep PyTorch's parameter names and shapes and call the native fused kernels
// `torch._VF.rnn_tanh / rnn_relu / lstm / gru` with PyTorch's own argument order.
//
// Shapes: L sequence length, N batch, H_in input size, H hidden size, G gates
// (LSTM 4: i, f, g, o; GRU 3: r, z, n; RNN 1), D directions, K layers.
//   weight_ih_l{k}{_reverse} (G·H, H_in for k = 0, else D·H), weight_hh_l{k} (G·H, H),
//   bias_ih_l{k} and bias_hh_l{k} (G·H); every one U(±1/√H) at the start.

extension NNSource {
  static let recurrent = #"""

    _GATES = {'RNN_TANH': 1, 'RNN_RELU': 1, 'LSTM': 4, 'GRU': 3}


    class RNNBase(Module):
        def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                     batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                     device=None, dtype=None):
            super().__init__()
            if not isinstance(hidden_size, int) or isinstance(hidden_size, bool):
                raise TypeError(f'hidden_size should be of type int, got: {type(hidden_size).__name__}')
            if hidden_size <= 0:
                raise ValueError('hidden_size must be greater than zero')
            if not isinstance(num_layers, int) or num_layers <= 0:
                raise ValueError('num_layers must be greater than zero')
            if isinstance(dropout, bool) or dropout < 0 or dropout > 1:
                raise ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed')
            if proj_size != 0:
                raise NotImplementedError('proj_size is not available here')
            self.mode = mode
            self.input_size = input_size
            self.hidden_size = hidden_size
            self.num_layers = num_layers
            self.bias = bias
            self.batch_first = batch_first
            self.dropout = float(dropout)
            self.bidirectional = bidirectional
            self.proj_size = proj_size
            directions = 2 if bidirectional else 1
            gate_size = _GATES[mode] * hidden_size
            names = []
            for layer in range(num_layers):
                for direction in range(directions):
                    suffix = f'_l{layer}' + ('_reverse' if direction == 1 else '')
                    layer_input = input_size if layer == 0 else hidden_size * directions
                    self.__setattr__('weight_ih' + suffix, Parameter(_empty([gate_size, layer_input], dtype)))
                    self.__setattr__('weight_hh' + suffix, Parameter(_empty([gate_size, hidden_size], dtype)))
                    names += ['weight_ih' + suffix, 'weight_hh' + suffix]
                    if bias:
                        self.__setattr__('bias_ih' + suffix, Parameter(_empty([gate_size], dtype)))
                        self.__setattr__('bias_hh' + suffix, Parameter(_empty([gate_size], dtype)))
                        names += ['bias_ih' + suffix, 'bias_hh' + suffix]
            object.__setattr__(self, '_flat_weights_names', names)
            self.reset_parameters()

        @property
        def _flat_weights(self):
            return [self._parameters[name] for name in self._flat_weights_names]

        @property
        def all_weights(self):
            per_layer = 4 if self.bias else 2
            weights = self._flat_weights
            return [weights[i:i + per_layer] for i in range(0, len(weights), per_layer)]

        def reset_parameters(self):
            bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
            with torch.no_grad():
                for weight in self.parameters():
                    weight.uniform_(-bound, bound)

        def _check_input(self, input):
            if input.ndim not in (2, 3):
                raise ValueError(f'{type(self).__name__}: Expected input to be 2D or 3D, got {input.ndim}D tensor instead')
            if input.shape[input.ndim - 1] != self.input_size:
                raise RuntimeError(f'input.size(-1) must be equal to input_size. Expected {self.input_size}, got {input.shape[input.ndim - 1]}')

        def _zero_state(self, input):
            # h₀ (D·K, N, H), or (D·K, H) for unbatched (2-D) input
            directions = 2 if self.bidirectional else 1
            if input.ndim == 2:
                return torch.zeros([directions * self.num_layers, self.hidden_size], dtype=input.dtype)
            batch = input.shape[0] if self.batch_first else input.shape[1]
            return torch.zeros([directions * self.num_layers, batch, self.hidden_size], dtype=input.dtype)

        def _check_state(self, state, input, what):
            directions = 2 if self.bidirectional else 1
            expected = [directions * self.num_layers, self.hidden_size]
            if input.ndim == 3:
                batch = input.shape[0] if self.batch_first else input.shape[1]
                expected = [directions * self.num_layers, batch, self.hidden_size]
            if list(state.shape) != expected:
                raise RuntimeError(f'Expected {what} size {tuple(expected)}, got {tuple(state.shape)}')

        def extra_repr(self):
            text = f'{self.input_size}, {self.hidden_size}'
            if self.proj_size != 0:
                text += f', proj_size={self.proj_size}'
            if self.num_layers != 1:
                text += f', num_layers={self.num_layers}'
            if self.bias is not True:
                text += f', bias={self.bias}'
            if self.batch_first is not False:
                text += f', batch_first={self.batch_first}'
            if self.dropout != 0:
                text += f', dropout={self.dropout}'
            if self.bidirectional is not False:
                text += f', bidirectional={self.bidirectional}'
            return text

        def _run(self, kernel, input, state):
            # Unbatched input runs as a batch of one, as PyTorch does.
            self._check_input(input)
            unbatched = input.ndim == 2
            if state is None:
                state = self._zero_state(input)
            else:
                self._check_state(state, input, 'hidden')
            if unbatched:
                input = input.unsqueeze(1)
                state = state.unsqueeze(1)
            output, h_n = kernel(input, state, self._flat_weights, self.bias, self.num_layers,
                                 self.dropout, self.training, self.bidirectional,
                                 self.batch_first and not unbatched)
            if unbatched:
                return output.squeeze(1), h_n.squeeze(1)
            return output, h_n


    class RNN(RNNBase):
        # h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)   (relu with nonlinearity='relu')
        def __init__(self, *args, **kwargs):
            nonlinearity = kwargs.pop('nonlinearity', 'tanh')
            if len(args) > 3:
                nonlinearity = args[3]
                args = args[:3] + args[4:]
            if nonlinearity == 'tanh':
                mode = 'RNN_TANH'
            elif nonlinearity == 'relu':
                mode = 'RNN_RELU'
            else:
                raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
            super().__init__(mode, *args, **kwargs)
            self.nonlinearity = nonlinearity

        def forward(self, input, hx=None):
            kernel = torch._VF.rnn_tanh if self.mode == 'RNN_TANH' else torch._VF.rnn_relu
            return self._run(kernel, input, hx)


    class GRU(RNNBase):
        # r, z = σ(…), n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h
        def __init__(self, *args, **kwargs):
            super().__init__('GRU', *args, **kwargs)

        def forward(self, input, hx=None):
            return self._run(torch._VF.gru, input, hx)


    class LSTM(RNNBase):
        # i, f, o = σ(…), g = tanh(…), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
        def __init__(self, *args, **kwargs):
            super().__init__('LSTM', *args, **kwargs)

        def forward(self, input, hx=None):
            self._check_input(input)
            unbatched = input.ndim == 2
            if hx is None:
                h0 = self._zero_state(input)
                c0 = self._zero_state(input)
            else:
                if not isinstance(hx, tuple) or len(hx) != 2:
                    raise RuntimeError('LSTM expects hx to be a tuple (h_0, c_0)')
                h0, c0 = hx
                self._check_state(h0, input, 'hidden')
                self._check_state(c0, input, 'cell')
            if unbatched:
                input = input.unsqueeze(1)
                h0 = h0.unsqueeze(1)
                c0 = c0.unsqueeze(1)
            output, h_n, c_n = torch._VF.lstm(input, (h0, c0), self._flat_weights, self.bias,
                                              self.num_layers, self.dropout, self.training,
                                              self.bidirectional, self.batch_first and not unbatched)
            if unbatched:
                return output.squeeze(1), (h_n.squeeze(1), c_n.squeeze(1))
            return output, (h_n, c_n)

    """#
}
