-- Runs once, when the PostgreSQL container initialises an empty data volume (docker-entrypoint-initdb.d). The image
-- creates POSTGRES_DB (motcua, Motcua's read model); Temporal's two databases are created here, and their schemas
-- by the temporal-schema service (temporal-sql-tool), which can run again on every start.
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
