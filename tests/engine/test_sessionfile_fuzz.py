"""Hostile session files, generated: any value anywhere in a valid file replaced by any
JSON value gives a model or a SessionError, never another exception."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpengine as bp
from bpengine.sessionfile import model_from_json, model_to_json
from bpengine.studio import StudioModel
from tests.engine.test_sessionfile import walk

JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70)
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)


def paths(doc, prefix=()):
    """Every place in the document: a path of keys and indices."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from paths(v, prefix + (i,))


@pytest.fixture(scope="module")
def document():
    return json.loads(json.dumps(model_to_json(walk(StudioModel()))))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_replaced_value_gives_a_model_or_a_session_error(document, data):
    places = [p for p in paths(document) if p]
    where = data.draw(st.sampled_from(places))
    value = data.draw(JSON)
    doc = json.loads(json.dumps(document))
    parent = doc
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    try:
        model = model_from_json(doc)
    except bp.SessionError:
        return
    model.step()        # whatever was accepted is a working model
    assert model.k >= 1
