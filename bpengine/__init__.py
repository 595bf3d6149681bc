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
from .check_result import GradientCheckResult
from .config import DataSource, StudioConfig
from .csvload import load_csv
from .csvpreview import CsvPreview, csv_preview
from .dataset import Dataset
from .datasets import builtin_names, load_builtin
from .edits import EditRefused
from .errors import DataError
from .gradcheck import numerical_gradient, relative_difference
from .gradient_check import GradientCheck, gradient_check
from .history import History
from .jobs import Jump, JumpStatus
from .losses import LOSSES
from .matfile import MatVariable, mat_variables
from .matload import load_mat
from .network import Network
from .seedloop import loop_cost_and_gradients
from .sessioncodec import SessionError
from .sessionfile import load_session, save_session
from .stepper import DivergenceError, NonFiniteError, Step, Stepper, TrainingHalted
from .studio import StudioModel
from .surface import decision_surface, surface_extent, surface_rect
from .weights import load_weights, save_weights

__all__ = [
    "ACTIVATIONS", "DataError", "Dataset", "DivergenceError", "GradientCheck",
    "GradientCheckResult", "LOSSES", "Network", "NonFiniteError", "Step", "Stepper",
    "TrainingHalted", "accumulate", "builtin_names", "cost", "cost_and_gradients", "cost_only",
    "decision_surface", "forward", "gradient_check", "gradients", "hidden_errors",
    "History", "Jump", "JumpStatus",
    "load_builtin", "load_csv", "loop_cost_and_gradients", "numerical_gradient",
    "output_error", "predict", "relative_difference", "surface_extent", "surface_rect",
    "DataSource", "EditRefused", "SessionError", "StudioConfig", "StudioModel",
    "load_session", "save_session",
    "CsvPreview", "csv_preview",
    "MatVariable", "load_mat", "load_weights", "mat_variables", "save_weights",
]
