// The source of torch.nn.init, in the language: in-place initialisers that draw
// from the tensor generator, outside autograd. fan_in and fan_out of a weight
// (out, in, *k) are in·∏k and out·∏k.

extension NNSource {
  static let initializers = #"""

    def calculate_gain(nonlinearity, param=None):
        if nonlinearity in ('linear', 'conv1d', 'conv2d', 'conv3d', 'sigmoid'):
            return 1
        if nonlinearity == 'tanh':
            return 5.0 / 3
        if nonlinearity == 'relu':
            return math.sqrt(2.0)
        if nonlinearity == 'leaky_relu':
            slope = 0.01 if param is None else param
            return math.sqrt(2.0 / (1 + slope * slope))
        if nonlinearity == 'selu':
            return 3.0 / 4
        raise ValueError(f'Unsupported nonlinearity {nonlinearity}')


    def _calculate_fan_in_and_fan_out(tensor):
        if tensor.ndim < 2:
            raise ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions')
        receptive = 1
        for k in list(tensor.shape)[2:]:
            receptive *= k
        return tensor.shape[1] * receptive, tensor.shape[0] * receptive


    def uniform_(tensor, a=0.0, b=1.0, generator=None):
        with torch.no_grad():
            return tensor.uniform_(a, b)


    def normal_(tensor, mean=0.0, std=1.0, generator=None):
        with torch.no_grad():
            return tensor.normal_(mean, std)


    def constant_(tensor, val):
        with torch.no_grad():
            return tensor.fill_(val)


    def zeros_(tensor):
        with torch.no_grad():
            return tensor.zero_()


    def ones_(tensor):
        with torch.no_grad():
            return tensor.fill_(1)


    def eye_(tensor):
        if tensor.dim() != 2:
            raise ValueError("Only tensors with 2 dimensions are supported")
        with torch.no_grad():
            return tensor.copy_(torch.eye(tensor.shape[0], tensor.shape[1]))


    def xavier_uniform_(tensor, gain=1.0, generator=None):
        # U(±a), a = gain · √(6 / (fan_in + fan_out))
        fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
        a = gain * math.sqrt(6.0 / (fan_in + fan_out))
        return uniform_(tensor, -a, a)


    def xavier_normal_(tensor, gain=1.0, generator=None):
        # N(0, σ²), σ = gain · √(2 / (fan_in + fan_out))
        fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
        return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)))


    def _fan(tensor, mode):
        if mode not in ('fan_in', 'fan_out'):
            raise ValueError(f'Mode {mode} not supported, please use one of fan_in, fan_out')
        fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
        return fan_in if mode == 'fan_in' else fan_out


    def kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
        # U(±bound), bound = gain · √(3 / fan)
        bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(tensor, mode))
        return uniform_(tensor, -bound, bound)


    def kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
        # N(0, σ²), σ = gain / √fan
        return normal_(tensor, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)))

    """#
}
