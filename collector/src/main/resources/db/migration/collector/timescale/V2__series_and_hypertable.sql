-- The TimescaleDB layout: the same `series`, `samples` and `ingested_batches` tables as the native
-- layout (readers see one schema), with `samples` a hypertable of 1-day chunks instead of a table
-- partitioned by day. Chunks older than two days are compressed, segmented by series so that one
-- series' readings of a chunk compress together, newest first as queries read them. The retention
-- policy is set by the store from its configured retention at every start, not here.

ALTER TABLE samples RENAME TO samples_v1;
DROP INDEX samples_metric_time_idx;
DROP INDEX samples_node_time_idx;

CREATE TABLE series (
    id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node   text  NOT NULL,
    metric text  NOT NULL,
    labels jsonb NOT NULL,
    CONSTRAINT series_identity UNIQUE (node, metric, labels)
);
CREATE INDEX series_metric_node_idx ON series (metric, node);

CREATE TABLE samples (
    time      timestamptz      NOT NULL,
    series_id integer          NOT NULL,
    value     double precision NOT NULL
);
-- the default index (time DESC) is left out: the two below are the native layout's, by name too
SELECT create_hypertable('samples', by_range('time', INTERVAL '1 day'), create_default_indexes => false);
CREATE INDEX samples_time_brin ON samples USING brin (time);
CREATE INDEX samples_series_time_idx ON samples (series_id, time);

ALTER TABLE samples SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'series_id',
    timescaledb.compress_orderby = 'time DESC'
);
SELECT add_compression_policy('samples', compress_after => INTERVAL '2 days');

CREATE TABLE ingested_batches (
    id        uuid        PRIMARY KEY,
    samples   integer     NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

-- Carry over what V1's table holds.
INSERT INTO series (node, metric, labels)
    SELECT DISTINCT node, metric, labels FROM samples_v1;
INSERT INTO samples (time, series_id, value)
    SELECT s.time, r.id, s.value
    FROM samples_v1 s JOIN series r ON r.node = s.node AND r.metric = s.metric AND r.labels = s.labels;
DROP TABLE samples_v1;

-- Which layout this database's metric store was created with; see the native layout's V3.
CREATE TABLE store_layout (
    one_row   boolean     PRIMARY KEY DEFAULT true CHECK (one_row),
    layout    text        NOT NULL CHECK (layout IN ('TIMESCALE', 'DAY_PARTITIONS')),
    chosen_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_layout (layout) VALUES ('TIMESCALE');
