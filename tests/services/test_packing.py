"""What goes to the shared store as named arrays comes back equal, in its own types, and smaller than a pickle."""
from __future__ import annotations

import pickle
from collections import namedtuple

import numpy as np
import pytest
from scipy import sparse

from matchmaker.services import derived, packing


def _back(value):
    out = {}
    packing.put(out, "x", value)
    return packing.take(derived.read_arrays(derived.arrays(out)), "x")


@pytest.mark.parametrize("values", [
    np.array([-129, 0, 127], np.int64), np.array([0, 2 ** 40], np.int64), np.array([7, 65_535], np.uint64),
    np.array([], np.int64), np.array([True, False]), np.array([0.1, np.nan], np.float64),
    np.array([1.5, 2.0], np.float32), np.zeros((2, 3), np.uint64) + np.uint64(2 ** 63),
    np.zeros((3, 0), np.int64), np.eye(3, dtype=bool), np.zeros((0, 2), bool),
    np.repeat(np.arange(0, 400, 2), 30), np.repeat(np.arange(300, dtype=np.int32), 5), np.arange(5_000, dtype=np.uint16)])
def test_arrays_come_back_with_their_values_and_type(values):
    again = _back(values)
    assert again.dtype == values.dtype and again.shape == values.shape
    np.testing.assert_array_equal(again, values)


def test_a_job_index_per_training_pair_travels_as_the_pairs_per_job_and_flags_as_bits():
    out = {}
    pair_job = np.repeat(np.arange(1_000, dtype=np.int64), 50)  # the pairs sorted by job, 50 each
    packing.put(out, "pair_job", pair_job)
    packing.put(out, "fits", np.arange(8_000) % 3 == 0)
    assert out["pair_job.runs"].tolist() == [50] * 1_000 and out["pair_job.runs"].dtype == np.uint8
    assert out["fits.bits"].nbytes == 1_000
    assert len(derived.arrays(out)) < (pair_job.nbytes + 8_000) / 40


def test_whole_numbers_travel_in_the_smallest_type_that_holds_them():
    out = {}
    packing.put(out, "small", np.arange(200, dtype=np.int64))
    packing.put(out, "signed", np.array([-5, 30_000], np.int64))
    assert out["small"].dtype == np.uint8
    assert out["signed"].dtype == np.int16


@pytest.mark.parametrize("matrix", [
    sparse.csr_matrix(np.array([[0, 1, 1], [0, 0, 0], [1, 0, 0]], np.float32)),
    sparse.csr_matrix(np.array([[0, 2.5], [3.0, 0]], np.float64)),
    sparse.csr_matrix((0, 4), dtype=np.float32)])
def test_sparse_matrices_come_back_equal(matrix):
    again = _back(matrix)
    assert again.dtype == matrix.dtype and again.shape == matrix.shape
    assert again.indices.dtype == matrix.indices.dtype and again.indptr.dtype == matrix.indptr.dtype
    assert (again != matrix).nnz == 0


def test_text_comes_back_with_empty_items_missing_ones_and_any_letters():
    names = ("Zoë's bakkerij", "", None, "Café 't Hoekje, Enschedé", None)
    assert _back(names) == names
    assert _back(()) == () and _back((None, None)) == (None, None)
    assert _back(3.25) == 3.25 and _back(None) is None
    with pytest.raises(ValueError, match="NUL"):
        _back(("a\0b",))
    with pytest.raises(TypeError, match="objects"):
        _back(np.array([None, 1], dtype=object))


def test_a_table_of_rows_comes_back_by_id_with_its_fields():
    Row = namedtuple("Row", "id title organisation_id place")
    rows = {7: Row(7, "Kok", 3, "Zwolle"), 2: Row(2, "Heftruckchauffeur", 4, None)}
    out = {}
    packing.put_rows(out, "rows", rows)
    again = packing.take_rows(derived.read_arrays(derived.arrays(out)), "rows", "NeedRow")
    assert list(again) == [7, 2] and {k: tuple(v) for k, v in again.items()} == {k: tuple(v) for k, v in rows.items()}
    assert again[2].place is None and again[7].title == "Kok" and again[7].organisation_id == 3
    assert len(again) == 2 and 2 in again and 99 not in again and again.get(99) is None and again == rows
    out = {}
    packing.put_rows(out, "none", {})
    assert packing.take_rows(out, "none", "NeedRow") == {}


def test_index_arrays_take_far_less_room_than_their_pickle():
    rng = np.random.default_rng(0)
    pairs = np.sort(rng.integers(0, 20_000, 100_000))
    out = {}
    packing.put(out, "pairs", pairs)
    assert len(derived.arrays(out)) < len(pickle.dumps(pairs)) / 3


def test_a_payload_is_an_npz_whose_arrays_are_read_in_place_aligned_and_writable():
    import io

    values = {"ids": np.arange(1_000, dtype=np.int64), "cells": np.asfortranarray(np.eye(3, 4)),
              "flags": np.array([True, False, True]), "empty": np.zeros((2, 0), np.int32), "x": np.array(0.5)}
    payload = derived.arrays(values)
    with np.load(io.BytesIO(payload), allow_pickle=False) as stored:  # any numpy reads it
        assert {name: stored[name].tolist() for name in stored.files} == {k: v.tolist() for k, v in values.items()}
    again = derived.read_arrays(payload)
    for name, value in values.items():
        assert again[name].dtype == value.dtype and again[name].shape == value.shape
        np.testing.assert_array_equal(again[name], value)
        assert again[name].flags.aligned and again[name].flags.writeable
    assert again["ids"].base is not None  # a view of the payload, not a copy per array
    again["ids"][0] = 7  # changing what was read changes neither the payload nor a second reading
    assert derived.read_arrays(payload)["ids"][0] == 0
    for save in (np.savez, np.savez_compressed):  # an .npz numpy wrote itself reads the same
        out = io.BytesIO()
        save(out, **values)
        assert {k: v.tolist() for k, v in derived.read_arrays(out.getvalue()).items()} == \
            {k: v.tolist() for k, v in values.items()}
