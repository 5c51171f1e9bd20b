"""What an import would do, said in the reader's words: allowed values and countries by name."""

import pandas as pd

from components import inventory_view
from tmf.i18n import t
from tmf.store.imports import ImportPreview, ImportSummary


def test_an_imports_preview_says_statuses_and_countries_in_the_readers_words():
    frame = pd.DataFrame(
        {
            "row": [4, 5],
            "facility_id": ["KZ-A", "KZ-B"],
            "name": ["А", "Б"],
            "country": ["KZ", "KG"],
            "status": ["abandoned", "inactive"],
            "volume_m3": [5000.0, None],
        }
    )
    changes = pd.DataFrame({"facility_id": ["KZ-B"], "field": ["status"], "before": ["active"], "after": ["inactive"]})
    preview = ImportPreview(ImportSummary(("KZ-A", "KZ-B"), (), ()), changes, {})
    added = inventory_view.added_table(frame, preview, "ru")
    assert added[["country", "status"]].values.tolist() == [["Казахстан", "брошенное"], ["Кыргызстан", "недействующее"]]
    assert inventory_view.changes_table(preview, "kk")[["field", "before", "after"]].values.tolist() == [
        [t("fields.status", "kk"), t("values.status.active", "kk"), t("values.status.inactive", "kk")]
    ]
