"""The warehouse's knowledge, independent of Dagster: table metadata (`tables`), DDL and
COMMENTs generated from it (`ddl`), connections (`db`), settings (`settings`), the SQL
model runner (`models`) and `.sql` files (`sql/`), reference data (`reference/`), the
normalizers and readers used by ingestion, and publishing.

Nothing in this package imports dagster; assets call into it.
"""
