"""bpengine: the lecture's backpropagation in numpy, in its notation (1-based layers in
text, 0-based lists in code: thetas[0] is Θ⁽¹⁾). Never imports Qt, pyqtgraph or app."""

from .activations import ACTIVATIONS
from .backprop import (
    accumulate,
    cost,
    cost_and_gradients,
    cost_only,
    forward,
    gradients,
    hidden_errors,
    output_error,
    predict,
)
from .gradcheck import numerical_gradient, relative_difference
from .losses import LOSSES
from .network import Network
from .seedloop import loop_cost_and_gradients
from .stepper import DivergenceError, NonFiniteError, Step, Stepper, TrainingHalted

__all__ = [
    "ACTIVATIONS", "DivergenceError", "LOSSES", "Network", "NonFiniteError", "Step", "Stepper",
    "TrainingHalted", "accumulate",
    "cost", "cost_and_gradients", "cost_only", "forward", "gradients", "hidden_errors",
    "loop_cost_and_gradients", "numerical_gradient", "output_error", "predict",
    "relative_difference",
]

from .csvload import load_csv  # noqa: E402
from .dataset import Dataset  # noqa: E402
from .datasets import builtin_names, load_builtin  # noqa: E402
from .errors import DataError  # noqa: E402

__all__ += ["DataError", "Dataset", "builtin_names", "load_builtin", "load_csv"]
