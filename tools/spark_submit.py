"""Entry point for ``spark-submit`` (which runs a Python file, not a console
script): the same as ``sitrep spark ARGS``, on the cluster's master.

    spark-submit --archives sitrep-env.tar.gz#environment tools/spark_submit.py \\
        /shared/cc-news/ -o hdfs:///sitrep/2025-03

See the README, "Apache Spark: sitrep spark".
"""

from __future__ import annotations

import sys

from sitrep.cli import main

if __name__ == "__main__":
    main(["spark", *sys.argv[1:]], prog_name="sitrep spark")
