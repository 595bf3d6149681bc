"""The vectorised batch path: the seed's algorithm for all m examples at once.

Rows are examples: A⁽ˡ⁾ has shape (m, s_l), so the seed's column form z⁽ˡ⁺¹⁾ = Θ⁽ˡ⁾a⁽ˡ⁾
becomes Z⁽ˡ⁺¹⁾ = A⁽ˡ⁾ Θ⁽ˡ⁾[:, 1:]ᵀ + Θ⁽ˡ⁾[:, 0]  (the bias column times a₀ = 1).
Lists are 0-based: thetas[0] is Θ⁽¹⁾, As[0] is a⁽¹⁾ = X.

Layout. The products are taken transposed, Z⁽ˡ⁺¹⁾ᵀ = Θ⁽ˡ⁾ A⁽ˡ⁾ᵀ: for large m, OpenBLAS makes
the wide (s × m) result 1.2-1.5x faster than the tall (m × s) one. So every z, a and δ lives
in a C-contiguous (s, m) array, and the (m, s) arrays the functions below return are its
transpose (a view, column-major). A hidden layer's a is stored with a row of ones on top,
[1; a⁽ˡ⁾] (the seed's "add a₀⁽ˡ⁾ = 1"), so the next product Θ⁽ˡ⁾ [1; a⁽ˡ⁾] includes the bias
column, and δ⁽ˡ⁺¹⁾ [1; a⁽ˡ⁾]ᵀ gives the whole of Δ⁽ˡ⁾, column 0 included.

Work arrays: `cost_and_gradients` and `cost_only` write their intermediates into a reused
`Workspace` (workspace.py says why); what they return is always freshly allocated.

Arguments: every public function here checks its arguments once, on entry (validate.py),
and raises ValueError (DataError for X and Y) naming the bad one. The computations run with
numpy's floating-point warnings off: a result that still comes out infinite or NaN is
caught after the computation and explained (validate.finite_result) instead of returned.
The underscored functions do not check; `_gradients` is the one the Stepper's per-batch
gradient step should call.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import activations, losses, validate
from .workspace import Workspace, checkin, checkout, sizes_of

# numpy's warnings are off inside the computations: what they would flag, an inf or NaN,
# is found in the result and explained (the sigmoid's harmless overflow is silenced anyway)
_QUIET = dict(over="ignore", invalid="ignore", divide="ignore")


def _forward(thetas, X, acts, ws: Workspace, keep_z: bool = True):
    """forward() into the workspace's arrays; returns (zs, As) as views of them.

    keep_z=False (cost_and_gradients): a sigmoid hidden layer's z is not kept (zs[l] is None;
    g′ comes from a). Its product is then taken with −Θ, which gives −z directly in the array
    of a, where the sigmoid finishes in place: one pass over the (s, m) array fewer than
    z = ΘA; t = −z, and the same numbers bit for bit (negation is exact).
    """
    As: list[np.ndarray] = [X]
    zs: list[np.ndarray | None] = [None]
    L = len(thetas)
    for l, (theta, act) in enumerate(zip(thetas, acts), start=1):
        a = ws.aT[l][1:] if l < L else ws.aT[l]
        if l < L and act == "sigmoid" and not keep_z:
            z = None
            if l == 1:  # X has no row of ones: the bias column is added after the product
                np.matmul(-theta[:, 1:], X.T, out=a)
                a -= theta[:, :1]
            else:  # Θ [1; a]: the bias column is in the product
                np.matmul(-theta, ws.aT[l - 1], out=a)
            activations.sigmoid_of_negated(a)
        else:
            z = ws.zT[l]
            if l == 1:
                np.matmul(theta[:, 1:], X.T, out=z)
                z += theta[:, :1]
            else:
                np.matmul(theta, ws.aT[l - 1], out=z)
            activations.apply(act, z, out=a)
            z = z.T
        zs.append(z)
        As.append(a.T)
    return zs, As


def forward(thetas: Sequence[np.ndarray], X: np.ndarray, acts: Sequence[str]):
    """Forward propagation. a⁽¹⁾ = x; z⁽ˡ⁺¹⁾ = Θ⁽ˡ⁾a⁽ˡ⁾ (a₀ = 1); a⁽ˡ⁺¹⁾ = g(z⁽ˡ⁺¹⁾).

    X: (m, s₁). Returns (zs, As), lists of length L: As[l] (m, s_{l+1}), zs[0] is None.
    The arrays are the caller's (a workspace of their own, not a reused one).
    """
    thetas = validate.thetas(thetas)
    acts = validate.act_list(acts, len(thetas))
    X = validate.inputs(X, thetas[0].shape[1] - 1)
    with np.errstate(**_QUIET):
        zs, As = _forward(thetas, X, acts, Workspace(X.shape[0], sizes_of(thetas),
                                                     backward=False))
    validate.finite_result("the output a⁽ᴸ⁾", [As[-1]], thetas, X)
    return zs, As


def output_error(a_L, z_L, Y, output: str, loss: str) -> np.ndarray:
    """δ⁽ᴸ⁾, shape (m, K) (or (K,) for one example): a⁽ᴸ⁾ − y (cross-entropy) or
    (a⁽ᴸ⁾ − y) ⊙ g′(z⁽ᴸ⁾) (mse)."""
    a_L, z_L, Y = validate.output_step(a_L, z_L, Y, loss, output)
    return losses.output_error(a_L, z_L, Y, output, loss)


def hidden_errors(thetas, zs, As, delta_L, acts) -> list[np.ndarray | None]:
    """Back-propagate: δ⁽ˡ⁾ = ((Θ⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾)_{1..s_l} ⊙ g′(z⁽ˡ⁾) for l = L−1 … 2.

    Dropping the bias row of (Θ⁽ˡ⁾)ᵀδ is the same as using Θ⁽ˡ⁾[:, 1:]. In row form:
    δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Θ⁽ˡ⁾[:, 1:]) ⊙ g′(z⁽ˡ⁾), shape (m, s_l). Returns a list of length L with
    deltas[0] = None (there is no δ⁽¹⁾: the inputs are observed).
    """
    thetas, zs, As, delta_L, acts = validate.backward_step(thetas, zs, As, delta_L, acts)
    L = len(As)
    deltas: list[np.ndarray | None] = [None] * L
    deltas[L - 1] = delta_L
    for l in range(L - 2, 0, -1):  # 0-based index of layer l + 1 = L−1 … 2
        back = (thetas[l][:, 1:].T @ deltas[l + 1].T).T  # transposed as in forward
        back *= activations.derivative(acts[l - 1], zs[l], As[l])
        deltas[l] = back
    return deltas


def accumulate(Deltas, deltas, As) -> list[np.ndarray]:
    """Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + Σᵢ δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ over the batch rows, in place; returns Deltas.

    Δ⁽ˡ⁾ has Θ⁽ˡ⁾'s shape (s_{l+1}, s_l + 1); its column 0 sums δ⁽ˡ⁺¹⁾ (a₀ = 1).
    """
    Deltas, deltas, As = validate.accumulate_step(Deltas, deltas, As)
    for l, Delta in enumerate(Deltas):
        delta = deltas[l + 1]
        Delta[:, 0] += np.ones(len(delta)) @ delta  # column sums, as a (faster) BLAS product
        Delta[:, 1:] += delta.T @ As[l]
    return Deltas


def gradients(Deltas, thetas, m: int, lam: float) -> list[np.ndarray]:
    """D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾ for j ≠ 0, and (1/m)Δ⁽ˡ⁾ for j = 0.

    (The seed prints "+ λΘ"; λ/m is what the λ/(2m) term of J differentiates to.)
    """
    return _gradients(*validate.gradient_step(Deltas, thetas, m, lam))


def _gradients(Deltas, thetas, m: int, lam: float) -> list[np.ndarray]:
    """`gradients` without the argument checks (the per-batch path: seedloop, the Stepper)."""
    return [_gradient_in_place(Delta / m, theta, m, lam) for Delta, theta in zip(Deltas, thetas)]


def _gradient_in_place(D, theta, m: int, lam: float) -> np.ndarray:
    """D := D + (λ/m)Θ for j ≠ 0, where D already holds (1/m)Δ; returns D."""
    if lam:
        D[:, 1:] += (lam / m) * theta[:, 1:]
    return D


def cost(a_L, z_L, Y, thetas, lam: float, loss: str) -> float:
    """J(Θ) = (1/m) Σᵢ cost(i) + λ/(2m) Σ Θ² (bias column excluded); a_L, z_L, Y: (m, K)."""
    thetas, lam = validate.thetas(thetas), validate.lam(lam)
    a_L, z_L, Y = validate.output_step(a_L, z_L, Y, loss, batch=True)
    if a_L.shape[1] != thetas[-1].shape[0]:
        raise ValueError(f"a_L: a⁽ᴸ⁾ has {validate.count(a_L.shape[1], 'column')} but the last "
                         f"Θ has {validate.count(thetas[-1].shape[0], 'row')} (output units)")
    m = Y.shape[0]
    with np.errstate(**_QUIET):
        J = losses.data_cost(a_L, z_L, Y, loss) / m + losses.regularization(thetas, lam, m)
    if not math.isfinite(J):
        raise ValueError("a_L: the cost J overflowed: the outputs are too far from the targets "
                         f"(the largest |a⁽ᴸ⁾ − y| is {float(np.abs(a_L - Y).max()):.3g})")
    return J


def _batch_cost(ws: Workspace, thetas, Y, lam: float, loss: str, work=None) -> float:
    """J(Θ) from a workspace that holds a forward pass (Y: (m, K)); work: the (K, m) array
    the cross-entropy may overwrite (default: the workspace's scratch)."""
    L = len(thetas)
    zT, aT = ws.zT[L], ws.aT[L]
    m = Y.shape[0]
    if loss == "cross_entropy":
        data = losses.cross_entropy_sum(zT, Y.T, work=ws.scratch(L) if work is None else work)
    else:
        data = losses.data_cost(aT, zT, Y.T, loss)
    return data / m + losses.regularization(thetas, lam, m)


def cost_and_gradients(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                       loss="cross_entropy") -> tuple[float, list[np.ndarray]]:
    """J(Θ) and D⁽ˡ⁾ = ∂J/∂Θ⁽ˡ⁾ for all m examples at once (the fast path).

    X: (m, n); Y: (m, K). Returns (J, D) with D[l] shaped like thetas[l], new arrays.

    The steps of forward / output_error / hidden_errors / accumulate / gradients, written
    into a reused workspace (see the module docstring).
    """
    # X's entries are not scanned on entry: one pass over X costs 5-7 % of this call at the
    # benchmark's m = 5000. They need not be: a NaN or ±inf in X makes D⁽¹⁾ = (1/m) δ⁽²⁾ᵀX
    # non-finite (NaN · 0 and inf · 0 are NaN), so the check of the result finds it
    thetas, X, Y, lam, acts = validate.problem(thetas, X, Y, lam, hidden, output, loss,
                                               check_X=False)
    with np.errstate(**_QUIET):
        J, Ds = _cost_and_gradients(thetas, X, Y, lam, acts, loss)
    validate.finite_result("the cost J or its gradient D", [J, *Ds], thetas, X, Y)
    return J, Ds


def _cost_and_gradients(thetas, X, Y, lam: float, acts, loss: str):
    """cost_and_gradients without the argument checks."""
    return _gradient_pass(thetas, X, Y, acts, lam, loss)[:2]


def _gradient_pass(thetas, X, Y, acts, lam: float, loss: str, y_class=None):
    """cost_and_gradients after its checks (X, Y float64 (m, n), (m, K); acts per layer):
    (J, D, correct). correct counts the rows whose output h picks the class y_class gives,
    as the Stepper counts one example: h ≥ 0.5 against y_class (bool, (m,)) for K = 1,
    argmax h against y_class (int, (m,)) for K > 1; None when y_class is None."""
    m, L = X.shape[0], len(thetas)
    ws = checkout(m, sizes_of(thetas))
    try:
        zs, _ = _forward(thetas, X, acts, ws, keep_z=False)
        correct = None if y_class is None else _count_correct(ws.aT[L], y_class)
        # δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y (cross-entropy), times g′(z⁽ᴸ⁾) for mse; then J
        np.subtract(ws.aT[L], Y.T, out=ws.dT[L])
        if loss == "cross_entropy":
            # a⁽ᴸ⁾ is not needed any more: its array, still in cache, is the cost's scratch
            J = _batch_cost(ws, thetas, Y, lam, loss, work=ws.aT[L])
        else:
            J = _batch_cost(ws, thetas, Y, lam, loss)
            ws.dT[L] *= activations.derivative(acts[-1], ws.zT[L], ws.aT[L], out=ws.scratch(L))
        # Going back, l = L−1 … 1 (0-based): Δ⁽ˡ⁾ = δ⁽ˡ⁺¹⁾ [1; a⁽ˡ⁾]ᵀ summed over the rows, into a
        # new array that becomes D⁽ˡ⁾, then δ⁽ˡ⁾ = (Θ⁽ˡ⁾[:, 1:]ᵀ δ⁽ˡ⁺¹⁾) ⊙ g′(z⁽ˡ⁾) (while a⁽ˡ⁾
        # is still in cache). Δ is taken as ([1; a] δᵀ)ᵀ: at these shapes (10 × 5000 × 26)
        # OpenBLAS is 1.5-2x faster at it than at δ [1; a]ᵀ.
        Ds: list = [None] * L
        for l in range(L - 1, 0, -1):
            Ds[l] = np.matmul(ws.aT[l], ws.dT[l + 1].T).T.copy()
            delta = np.matmul(thetas[l][:, 1:].T, ws.dT[l + 1], out=ws.dT[l])
            z = None if zs[l] is None else zs[l].T  # None: a sigmoid's g′ needs only a
            delta *= activations.derivative(acts[l - 1], z, ws.aT[l][1:], out=ws.scratch(l))
        # Δ⁽¹⁾ = δ⁽²⁾ [1; x]ᵀ: X has no row of ones, so column 0 is Σ δ⁽²⁾ on its own
        Ds[0] = np.empty_like(thetas[0], dtype=np.float64)
        np.matmul(ws.dT[1], ws.ones, out=Ds[0][:, 0])
        np.matmul(ws.dT[1], X, out=Ds[0][:, 1:])
    finally:
        checkin(ws)
    for D, theta in zip(Ds, thetas):
        D /= m
        _gradient_in_place(D, theta, m, lam)
    return J, Ds, correct


def _count_correct(hT: np.ndarray, y_class: np.ndarray) -> int:
    """Rows whose output (hT: (K, m), a⁽ᴸ⁾ transposed) picks the class in y_class (m,).
    For K > 1 that is argmax, whose axis-0 form copies hT and loops per row (185 µs at
    10 × 5000); for large batches, "the true class's output is the column's maximum"
    counts the same unless a column ties, checked first (45 µs; more calls, so slower below
    a few thousand outputs)."""
    K, m = hT.shape
    if K == 1:
        return int(np.count_nonzero((hT[0] >= 0.5) == y_class))
    if K * m >= 4096:
        top = hT.max(axis=0)
        if np.count_nonzero(hT == top) == m:          # no ties: one maximum a column
            return int(np.count_nonzero(hT.take(y_class * m + np.arange(m)) >= top))
    return int(np.count_nonzero(hT.argmax(axis=0) == y_class))


def cost_only(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
              loss="cross_entropy") -> float:
    """J(Θ) alone (one forward pass); X: (m, n); Y: (m, K)."""
    thetas, X, Y, lam, acts = validate.problem(thetas, X, Y, lam, hidden, output, loss)
    with np.errstate(**_QUIET):
        J = _cost_only(thetas, X, Y, lam, acts, loss)
    validate.finite_result("the cost J", [J], thetas, X, Y)
    return J


def _cost_only(thetas, X, Y, lam: float, acts, loss: str) -> float:
    """cost_only without the argument checks (the numerical gradient's inner loop)."""
    ws = checkout(X.shape[0], sizes_of(thetas))
    try:
        _forward(thetas, X, acts, ws, keep_z=False)
        return _batch_cost(ws, thetas, Y, lam, loss)
    finally:
        checkin(ws)


def predict(thetas, X, hidden="sigmoid", output="sigmoid") -> np.ndarray:
    """h_Θ(x) for every row of X: (m, K)."""
    thetas = validate.thetas(thetas)
    acts = validate.activation_names(len(thetas) + 1, hidden, output)
    X = validate.inputs(X, thetas[0].shape[1] - 1)
    with np.errstate(**_QUIET):
        h = _forward(thetas, X, acts, Workspace(X.shape[0], sizes_of(thetas),
                                                backward=False))[1][-1]
    validate.finite_result("the output h_Θ(x)", [h], thetas, X)
    return h
