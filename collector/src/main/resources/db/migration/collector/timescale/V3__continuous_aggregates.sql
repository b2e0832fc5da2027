-- Per-minute and per-hour roll-ups of every series, kept up to date by TimescaleDB's refresh
-- policies: dashboards and long-range rules read these instead of raw samples. The hourly one is
-- built on the per-minute one (a hierarchical aggregate): its average weights each minute by its
-- sample count so that it equals the average of the raw samples.
--
-- TimescaleDB cannot create a continuous aggregate inside a transaction, so this script runs
-- outside one (see the .conf beside it); IF NOT EXISTS and if_not_exists let a run cut short be
-- repeated.

CREATE MATERIALIZED VIEW IF NOT EXISTS samples_1m WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 minute', time) AS bucket,
       series_id,
       avg(value)        AS avg_value,
       min(value)        AS min_value,
       max(value)        AS max_value,
       last(value, time) AS last_value,
       count(*)          AS sample_count
FROM samples
GROUP BY time_bucket(INTERVAL '1 minute', time), series_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('samples_1m',
    start_offset => INTERVAL '2 hours',
    end_offset => INTERVAL '1 minute',
    schedule_interval => INTERVAL '1 minute',
    if_not_exists => true);

CREATE MATERIALIZED VIEW IF NOT EXISTS samples_1h WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', bucket)                            AS bucket,
       series_id,
       sum(avg_value * sample_count) / sum(sample_count)::double precision AS avg_value,
       min(min_value)                                                    AS min_value,
       max(max_value)                                                    AS max_value,
       last(last_value, bucket)                                          AS last_value,
       sum(sample_count)::bigint                                         AS sample_count
FROM samples_1m
GROUP BY time_bucket(INTERVAL '1 hour', bucket), series_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('samples_1h',
    start_offset => INTERVAL '1 day',
    end_offset => INTERVAL '1 hour',
    schedule_interval => INTERVAL '30 minutes',
    if_not_exists => true);
