"""A large inventory's map: the records that stay the same while the weights move reach the
browser once, by address; each rerun sends only the better rank classes and the selection."""

import json

import numpy as np
import orjson
import pandas as pd
import pytest

from components import map_points, maps
from tests.components.test_maps import frame_with_ranks
from tmf.rank_classes import CLASS_COLORS

N = maps.POINTS_BY_ADDRESS_FROM + 500


@pytest.fixture(autouse=True)
def points_folder(tmp_path, monkeypatch):
    folder = tmp_path / "points"
    monkeypatch.setattr(map_points, "POINTS_FOLDER", folder)
    return folder


def large_frame(n: int = N, seed: int = 1) -> pd.DataFrame:
    """``n`` facilities with Russian names, ranks in no order (one tie) and scattered positions."""
    rng = np.random.default_rng(seed)
    ranks = rng.permutation(np.arange(1, n + 1))
    ranks[ranks == 4] = 3  # a tie: ranks 1, 2, 3, 3, 5, ...
    return frame_with_ranks(ranks.tolist()).assign(
        name=[f"Хвостохранилище {i}" for i in range(n)],
        score=rng.uniform(0, 30, n),
        latitude=rng.uniform(38, 52, n),
        longitude=rng.uniform(55, 85, n),
    )


def layer_specs(deck) -> dict[str, dict]:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_each_rerun_sends_only_the_top_twenty_and_the_selection_and_every_facility_is_drawn(points_folder):
    frame = large_frame()
    deck = maps.ranking_deck(frame, {}, "ru", selected="F7")
    spec = deck.to_json()
    specs = layer_specs(deck)
    sent = specs[maps.FACILITIES_LAYER]["data"]
    rank_of = dict(zip(frame["facility_id"], frame["rank"], strict=True))
    score_of = dict(zip(frame["facility_id"], maps.plain_numbers(frame["score"], "ru", 2), strict=True))
    expected = {fid for fid, rank in rank_of.items() if rank <= 20} | {"F7"}
    assert {r["facility_id"] for r in sent} == expected and len(sent) == len(expected)
    for record in sent:
        rank = rank_of[record["facility_id"]]
        klass = 0 if rank <= 5 else 1 if rank <= 10 else 2 if rank <= 20 else 3
        assert record["color"] == [*CLASS_COLORS[klass], maps.POINT_ALPHA]
        name = f"Хвостохранилище {record['facility_id'][1:]}"
        assert record["tooltip"] == f"{name}\nРанг {rank} · Балл {score_of[record['facility_id']]}"
    assert [r["radius"] for r in sent if r["facility_id"] == "F7"] == [14_000]
    assert len(spec) < 30_000  # bytes: a few dozen records, not 2,500

    everyone = specs[maps.ALL_FACILITIES_LAYER]
    assert everyone["getFillColor"] == [*CLASS_COLORS[-1], maps.POINT_ALPHA]
    assert everyone["data"].startswith(map_points.POINTS_ADDRESS + "/")
    written = orjson.loads((points_folder / everyone["data"].rsplit("/", 1)[1]).read_bytes())
    assert [r["facility_id"] for r in written] == sorted(frame["facility_id"])  # not in the ranking's order
    by_id = frame.set_index("facility_id")
    positions = np.array([r["position"] for r in written])
    expected = by_id.loc[[r["facility_id"] for r in written], ["longitude", "latitude"]].to_numpy()
    assert np.allclose(positions, expected, atol=1e-5)
    assert written[0]["tooltip"] == "Хвостохранилище 0\nранг 21 или ниже (точный ранг — в таблице)"
    layer_order = list(specs)
    assert layer_order.index(maps.ALL_FACILITIES_LAYER) < layer_order.index(maps.FACILITIES_LAYER)  # drawn under


def test_a_slider_move_keeps_the_address_and_the_language_changes_it(points_folder):
    frame = large_frame()
    before = layer_specs(maps.ranking_deck(frame, {}, "en"))[maps.ALL_FACILITIES_LAYER]["data"]
    moved = frame.assign(rank=frame["rank"].to_numpy()[::-1], score=frame["score"] / 2).sort_values("rank")
    after = layer_specs(maps.ranking_deck(moved, {}, "en"))[maps.ALL_FACILITIES_LAYER]["data"]
    assert after == before and len(list(points_folder.iterdir())) == 1
    in_kazakh = layer_specs(maps.ranking_deck(frame, {}, "kk"))[maps.ALL_FACILITIES_LAYER]["data"]
    assert in_kazakh != before and len(list(points_folder.iterdir())) == 2


def test_only_the_most_recently_used_files_are_kept(points_folder, monkeypatch):
    monkeypatch.setattr(map_points, "KEPT_FILES", 3)
    for i in range(6):
        map_points.PublishedPoints(f'[{{"n":{i}}}]'.encode()).address_or_records()
    kept = sorted(p.read_text() for p in points_folder.glob("*.json"))
    assert kept == ['[{"n":3}]', '[{"n":4}]', '[{"n":5}]']


def test_where_the_folder_cannot_be_written_the_records_go_inside_the_deck(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(map_points, "POINTS_FOLDER", blocker / "points")
    data = layer_specs(maps.ranking_deck(large_frame(), {}, "en"))[maps.ALL_FACILITIES_LAYER]["data"]
    assert isinstance(data, list) and len(data) == N and {r["facility_id"] for r in data} == {f"F{i}" for i in range(N)}


def test_a_small_inventory_is_drawn_in_one_layer_with_every_record():
    frame = large_frame(n=maps.POINTS_BY_ADDRESS_FROM - 1)
    specs = layer_specs(maps.ranking_deck(frame, {}, "en"))
    assert maps.ALL_FACILITIES_LAYER not in specs
    assert len(specs[maps.FACILITIES_LAYER]["data"]) == len(frame)


def test_a_click_on_a_facility_of_either_layer_selects_it():
    class Event:
        def __init__(self, layer):
            self.selection = {"objects": {layer: [{"facility_id": "KZ-1"}]}}

    assert maps.selected_facility(Event(maps.ALL_FACILITIES_LAYER)) == "KZ-1"
    assert maps.selected_facility(Event(maps.FACILITIES_LAYER)) == "KZ-1"
    assert maps.selected_facility(Event("legend_labels")) is None


def test_facilities_at_one_place_keep_their_spread_positions_whatever_the_ranking_order():
    frame = large_frame(n=40)
    frame.loc[:9, ["longitude", "latitude"]] = [70.0, 42.0]  # ten at one place
    where = {}
    for order in (frame, frame.iloc[::-1], frame.sample(frac=1, random_state=3)):
        points = maps.ranked_points(order, "en")
        placed = {points.ids[i].as_py(): tuple(points.xy[i]) for i in range(len(points))}
        where = where or placed
        assert placed == where
    assert len({where[f"F{i}"] for i in range(10)}) == 10  # spread apart


def test_a_write_that_fails_leaves_no_half_written_file_and_the_records_go_inside(points_folder, monkeypatch):
    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(map_points.os, "replace", full_disk)
    text = b'[{"facility_id":"F1","position":[70.0,42.0],"tooltip":"x"}]'
    written = map_points.PublishedPoints(text).address_or_records()
    assert orjson.dumps(written) == text
    assert list(points_folder.iterdir()) == []
