-- Samples become (time, series_id, value) rows, 20 bytes of payload each, with every distinct
-- (node, metric, labels) stored once in `series`. Rows are range-partitioned by UTC day: retention
-- drops whole partitions instead of deleting rows, and a BRIN index on time stays tiny because rows
-- arrive in time order. `ingested_batches` remembers which collector batches are stored, so that a
-- batch retried after an unclear failure is not stored twice.

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
) PARTITION BY RANGE (time);
CREATE INDEX samples_time_brin ON samples USING brin (time);
CREATE INDEX samples_series_time_idx ON samples (series_id, time);

CREATE TABLE ingested_batches (
    id        uuid        PRIMARY KEY,
    samples   integer     NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

-- Creates the partition holding `day` (UTC) unless it exists; callers run it before writing rows of
-- that day. Partitions are named samples_pYYYYMMDD so that retention can find them by name.
CREATE FUNCTION collector_ensure_day_partition(day date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := format('samples_p%s', to_char(day, 'YYYYMMDD'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF samples FOR VALUES FROM (%L) TO (%L)',
                       name,
                       (day::timestamp AT TIME ZONE 'UTC'),
                       ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    END IF;
END
$$;

-- Carry over what V1's table holds.
DO $$
DECLARE
    d date;
BEGIN
    FOR d IN SELECT DISTINCT (time AT TIME ZONE 'UTC')::date FROM samples_v1 LOOP
        PERFORM collector_ensure_day_partition(d);
    END LOOP;
END
$$;
INSERT INTO series (node, metric, labels)
    SELECT DISTINCT node, metric, labels FROM samples_v1;
INSERT INTO samples (time, series_id, value)
    SELECT s.time, r.id, s.value
    FROM samples_v1 s JOIN series r ON r.node = s.node AND r.metric = s.metric AND r.labels = s.labels;
DROP TABLE samples_v1;
