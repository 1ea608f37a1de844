"""Print the model card's figures (``him_meta.json``): leave-issuer-out accuracy, per class,
confusions and the reliability table. ``python -m models.scripts.card``"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
app = typer.Typer()


@app.command()
def main(model: Path = HERE.parent / "him_pipeline") -> None:
    meta = json.loads((model / "him_meta.json").read_text(encoding="utf-8"))
    console = Console()
    for split in ("test_leave_issuer_out", "calib"):
        m = meta[split]
        console.print(f"[bold]{split}[/bold]: n={m['n']} accuracy={m['accuracy']} "
                      f"precision@0.90={m['precision_at_0.90']} coverage@0.90={m['coverage_at_0.90']} "
                      f"by source={m['by_source']}")
        per = Table("class", "pages", "accuracy")
        for k, v in m["per_class"].items():
            per.add_row(k, str(v["n"]), f"{v['accuracy']:.3f}")
        console.print(per)
        rel = Table("confidence", "pages", "mean confidence", "accuracy")
        for row in m["reliability"]:
            rel.add_row(row["bin"], str(row["n"]), f"{row['mean_conf']:.3f}", f"{row['accuracy']:.3f}")
        console.print(rel)
        console.print("confusions (truth->predicted):", m["confusions"])
    console.print(f"temperature {meta['temperature']}; held-out issuers: {', '.join(meta['test_issuers'])}")


if __name__ == "__main__":
    app()
