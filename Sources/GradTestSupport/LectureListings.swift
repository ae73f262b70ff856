// The lecture's listings as the tests type them, in one place, so every suite trains and
// compares the same model.

public enum LectureListings {
  /// Section 8's `BengioNPLM(nn.Module)`: y = b + W·x + U·tanh(d + H·x), x the context's
  /// embeddings side by side (H's bias is d; `direct=False` drops W). Needs `torch` and `nn`.
  public static let bengioNPLM = """
    class BengioNPLM(nn.Module):
        def __init__(self, V, m, h, n_ctx, direct=True):
            super().__init__()
            self.C = nn.Embedding(V, m)
            self.H = nn.Linear(n_ctx * m, h)
            self.U = nn.Linear(h, V)
            self.b = nn.Parameter(torch.zeros(V))
            self.W = nn.Linear(n_ctx * m, V) if direct else None
        def forward(self, ctx):
            x = self.C(ctx).flatten(1)
            y = self.b + self.U(torch.tanh(self.H(x)))
            if self.W is not None:
                y = y + self.W(x)
            return y
    """
}
