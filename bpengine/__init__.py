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
from .csvload import load_csv
from .dataset import Dataset
from .datasets import builtin_names, load_builtin
from .errors import DataError
from .gradcheck import numerical_gradient, relative_difference
from .history import History
from .jobs import Jump, JumpStatus
from .losses import LOSSES
from .network import Network
from .seedloop import loop_cost_and_gradients
from .stepper import DivergenceError, NonFiniteError, Step, Stepper, TrainingHalted

__all__ = [
    "ACTIVATIONS", "DataError", "Dataset", "DivergenceError", "History", "Jump",
    "JumpStatus", "LOSSES", "Network",
    "NonFiniteError", "Step", "Stepper", "TrainingHalted", "accumulate", "builtin_names",
    "cost", "cost_and_gradients", "cost_only", "forward", "gradients", "hidden_errors",
    "load_builtin", "load_csv", "loop_cost_and_gradients", "numerical_gradient",
    "output_error", "predict", "relative_difference",
]
