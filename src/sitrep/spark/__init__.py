"""``sitrep spark``: the same extraction on Apache Spark (optional extra
``sitrep[spark]``): job.py runs it, blocking.py splits the merge exactly,
schema.py gives the Parquet columns."""
