// The source of torch.nn's losses, in the language: each module keeps its options
// and calls one function of F.

extension NNSource {
  static let losses = #"""

    _REDUCTIONS = ('mean', 'sum', 'none')


    class _Loss(Module):
        def __init__(self, size_average=None, reduce=None, reduction='mean'):
            super().__init__()
            if reduction not in _REDUCTIONS:
                raise ValueError(f'{reduction} is not a valid value for reduction')
            self.reduction = reduction


    class CrossEntropyLoss(_Loss):
        # −log softmax(input)[target]: input (N, C) logits or (C), target (N) class indices
        def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                     reduction='mean', label_smoothing=0.0):
            super().__init__(size_average, reduce, reduction)
            if weight is not None:
                raise NotImplementedError('CrossEntropyLoss(weight=...) is not available here')
            if label_smoothing != 0.0:
                raise NotImplementedError('CrossEntropyLoss(label_smoothing=...) is not available here')
            self.ignore_index = ignore_index
            self.label_smoothing = label_smoothing

        def forward(self, input, target):
            return F.cross_entropy(input, target, ignore_index=self.ignore_index,
                                   reduction=self.reduction)


    class NLLLoss(_Loss):
        # −input[target], input (N, C) log-probabilities or (C), target (N) class indices
        def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                     reduction='mean'):
            super().__init__(size_average, reduce, reduction)
            if weight is not None:
                raise NotImplementedError('NLLLoss(weight=...) is not available here')
            self.ignore_index = ignore_index

        def forward(self, input, target):
            return F.nll_loss(input, target, ignore_index=self.ignore_index,
                              reduction=self.reduction)


    class MSELoss(_Loss):
        # mean (or sum) of (input − target)²
        def __init__(self, size_average=None, reduce=None, reduction='mean'):
            super().__init__(size_average, reduce, reduction)

        def forward(self, input, target):
            return F.mse_loss(input, target, reduction=self.reduction)

    """#
}
