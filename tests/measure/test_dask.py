"""score_batch on a real (local) Dask cluster: partitions scored apart equal one machine.

Two worker processes on the loopback interface, ports chosen by the system; every wait
has a generous limit and waits for a condition (workers up, results in), not for time.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from verbinding.measure import get_instrument
from verbinding.measure.batches import score_batch

from .test_files import generated

WAIT = 180  # seconds: a loaded CI machine starts worker processes slowly


def score_part(path: str) -> pa.Table:
    """One partition, scored on a worker: read it, score it batch by batch."""
    inst = get_instrument("vier-stijlen")
    parquet = pq.ParquetFile(path)
    batches = [
        score_batch(inst, batch, id_column="nr") for batch in parquet.iter_batches(batch_size=300)
    ]
    return pa.Table.from_batches(batches)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::UserWarning:distributed.*")
def test_partitions_scored_on_a_local_cluster_equal_the_single_machine_result(
    tmp_path: Path,
) -> None:
    from dask.distributed import Client, LocalCluster

    inst = get_instrument("vier-stijlen")
    matrix = generated(inst, 4000, 11, 0.04)
    columns: dict[str, Any] = {"nr": [f"p{i}" for i in range(len(matrix))]}
    columns |= {
        item: pa.array(matrix[:, j], mask=np.isnan(matrix[:, j]))
        for j, item in enumerate(inst.item_ids)
    }
    table = pa.table(columns)
    folder = tmp_path / "answers"
    folder.mkdir()
    parts = []
    for index, start in enumerate(range(0, len(matrix), 1000)):  # a partitioned data set
        path = folder / f"part-{index}.parquet"
        pq.write_table(table.slice(start, 1000), path)
        parts.append(str(path))

    single = score_batch(inst, table.combine_chunks().to_batches()[0], id_column="nr")

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as cluster,
        Client(cluster, timeout=WAIT) as client,
    ):
        client.wait_for_workers(2, timeout=WAIT)
        futures = client.map(score_part, parts)
        scored = client.gather(futures)
    assert {len(t) for t in scored} == {1000}
    together = pa.concat_tables(scored).combine_chunks()
    assert together.equals(pa.Table.from_batches([single]).combine_chunks())
