"""The hierarchy walks (pure functions) and the model helpers built on them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.agencies import tree


@st.composite
def forests(draw: st.DrawFn) -> list[tuple[int, int | None]]:
    size = draw(st.integers(min_value=1, max_value=30))
    pairs: list[tuple[int, int | None]] = [(1, None)]
    for node in range(2, size + 1):
        parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=node - 1)))
        pairs.append((node, parent))
    return pairs


def _naive_ancestors(pairs: list[tuple[int, int | None]], node: int) -> list[int]:
    parent_of = dict(pairs)
    out = []
    while parent_of.get(node) is not None:
        node = parent_of[node]  # type: ignore[assignment]
        out.append(node)
    return out


@given(forests())
def test_descendants_and_ancestors_are_inverse(pairs: list[tuple[int, int | None]]) -> None:
    nodes = [n for n, _ in pairs]
    for node in nodes:
        assert tree.ancestor_ids(pairs, node) == _naive_ancestors(pairs, node)
        below = tree.descendant_ids(pairs, [node])
        assert node not in below
        assert below == {n for n in nodes if node in _naive_ancestors(pairs, n)}


def test_walks_survive_a_cycle() -> None:
    pairs = [(1, 2), (2, 3), (3, 1)]
    assert tree.ancestor_ids(pairs, 1) == [2, 3]
    assert tree.descendant_ids(pairs, [1]) == {1, 2, 3}


@pytest.mark.django_db
def test_model_helpers(hierarchy, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(2):
        assert hierarchy.village_office.ancestors() == [hierarchy.town, hierarchy.county]
    assert set(hierarchy.county.descendants()) == {
        hierarchy.town,
        hierarchy.dept,
        hierarchy.village_office,
    }
    assert list(hierarchy.other_county.descendants()) == []
